/**
 * The first thing a process does: listen. This module imports only Hono and
 * the Node adapter, so `/healthz` answers before the rest of the product (the
 * SDKs, BullMQ, PGlite) has even loaded; the full app is swapped in when it
 * is ready. Until then `/readyz` and every other route answer 503.
 */
import { Hono } from "hono";
import { listen } from "../lib/http-server.ts";

export type BootServer = {
  url: string;
  port: number;
  /** Replaces what the server answers with (the full app, once built). */
  serve: (fetch: (request: Request, env: unknown) => Response | Promise<Response>) => void;
  close: () => Promise<void>;
};

const starting = new Hono()
  .get("/healthz", (c) => c.json({ status: "ok" }))
  .all("*", (c) => c.json({ status: "starting", checks: {} }, 503));

/** Listens on `port` (0 picks a free one) with a boot app that only knows it is alive. */
export async function bootServer({
  port,
  hostname = "0.0.0.0",
}: {
  port: number;
  hostname?: string;
}): Promise<BootServer> {
  let current: (request: Request, env: unknown) => Response | Promise<Response> = (r, e) =>
    starting.fetch(r, e as never);
  const front = new Hono().all("*", (c) => current(c.req.raw, c.env));
  const server = await listen(front, { port, hostname });
  return {
    url: `http://127.0.0.1:${server.port}`,
    port: server.port,
    serve: (fetch) => {
      current = fetch;
    },
    close: server.close,
  };
}
