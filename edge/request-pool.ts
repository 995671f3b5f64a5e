/**
 * One database pool per request behind one object the app is built with.
 * Workers may not use a socket opened for one request in another, so no
 * connection may outlive its request; building the app per request instead
 * costs about 10 ms of CPU (routers, schemas). So the app, built once per
 * isolate, holds this stand-in, and each request runs with a pool of its own.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";

/** The part of pg.Pool the app uses: `createData` and the readiness check. */
export type PoolLike = Pick<pg.Pool, "connect" | "query">;

export type RequestPools = {
  /** Stands in for the current request's pool; throws outside `run`. */
  pool: PoolLike;
  /** Runs `fn` with a fresh pool on `connectionString`; the pool ends once `fn` settles. */
  run: <T>(
    connectionString: string,
    fn: () => Promise<T>,
    options: { waitUntil: (promise: Promise<unknown>) => void; onError?: (err: Error) => void },
  ) => Promise<T>;
};

/** Creates the stand-in and its per-request runner. */
export function createRequestPools({ max = 3 }: { max?: number } = {}): RequestPools {
  const current = new AsyncLocalStorage<pg.Pool>();
  const active = () => {
    const pool = current.getStore();
    if (!pool) throw new Error("no database pool: queries must run inside a request");
    return pool;
  };
  const pool = {
    connect: () => active().connect(),
    query: (...args: Parameters<pg.Pool["query"]>) => active().query(...args),
  } as unknown as PoolLike;
  return {
    pool,
    async run(connectionString, fn, { waitUntil, onError }) {
      // Hyperdrive pools the real connections; this pool only spans the request.
      const requestPool = new pg.Pool({ connectionString, max });
      requestPool.on("error", (err) => onError?.(err));
      try {
        return await current.run(requestPool, fn);
      } finally {
        // Ends idle connections now and busy ones (a streaming response's) when released.
        waitUntil(requestPool.end().catch(() => {}));
      }
    },
  };
}
