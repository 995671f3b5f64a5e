import pg from "pg";
import { type Config, redactUrl } from "../config/index.ts";
import { QUEUE_SCHEMA } from "./migrate.ts";
import { createPGlitePool } from "./pglite-pool.ts";
import {
  type EmbeddedOpen,
  EmbeddedOpenError,
  openInThread,
  type Prepared,
} from "./pglite-thread.ts";

export { QUEUE_SCHEMA };

/**
 * The system of record: a node-postgres pool over either an embedded PGlite
 * or a Postgres server. `queuePool` is the pool BullMQ uses; its connections
 * resolve unqualified names in the queue schema.
 */
export type Database = {
  kind: "embedded" | "server";
  pool: pg.Pool;
  queuePool: pg.Pool;
  /** A short description safe to log (no password). */
  describe: string;
  /** What opening it already did when asked to (`prepare`): the migration, the demo seed. */
  prepared?: Prepared;
  close: () => Promise<void>;
};

export type DatabaseOptions =
  | {
      kind: "embedded";
      dataDir: string;
      /** Start a new folder from the migrated template (db/template.ts) when one was built. Default: yes. */
      fromTemplate?: boolean;
      /** Where templates are kept (default: node_modules/.cache/mouse). */
      templateDir?: string;
      /**
       * Migrate (and seed the demo into an empty database) while opening, in
       * the database's own thread, before the main thread asks for anything.
       */
      prepare?: EmbeddedOpen["prepare"];
    }
  | { kind: "server"; url: string; max?: number };

/** The database could not be reached or opened at start-up. */
export class DatabaseUnavailableError extends Error {
  readonly target: string;
  constructor(target: string, options: { cause: unknown }) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`cannot reach the database at ${target}: ${reason || "connection failed"}`, options);
    this.name = "DatabaseUnavailableError";
    this.target = target;
  }
}

/**
 * How a service process opens its database: an embedded one is migrated (with
 * BullMQ's schema when the queue lives in Postgres) and given the demo while
 * it opens, in its own thread; a server is opened as it is and migrated after.
 */
export function serviceDatabaseOptions(
  config: Pick<Config, "database" | "queue">,
): DatabaseOptions {
  return config.database.kind === "embedded"
    ? {
        ...config.database,
        prepare: { queue: config.queue.kind === "postgres", seedDemo: true },
      }
    : config.database;
}

/** Opens the database the configuration names and checks that it answers. */
export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  return options.kind === "embedded" ? openEmbedded(options) : openServer(options);
}

/**
 * The embedded database runs in a worker thread of its own (db/pglite-thread.ts),
 * so opening it (a template copy and the WASM start, about a second) and then
 * every query's execution run beside the main thread, not on it.
 */
async function openEmbedded(options: EmbeddedOpen): Promise<Database> {
  const { dataDir } = options;
  let thread: Awaited<ReturnType<typeof openInThread>>;
  try {
    thread = await openInThread(options);
  } catch (cause) {
    if (cause instanceof EmbeddedOpenError && cause.stage === "prepare") throw cause; // says what failed
    throw new DatabaseUnavailableError(`embedded database in ${dataDir}`, { cause });
  }
  // BullMQ's PostgreSQL backend keeps a client per worker waiting for jobs (knights, outbox,
  // updates, approvals, schedules, replays, maintenance) and the live view listens on one:
  // the app's own queries need room beside them.
  const pool = createPGlitePool(thread.session, { max: 16 });
  let closing: Promise<void> | undefined;
  return {
    kind: "embedded",
    pool,
    queuePool: pool,
    describe: dataDir.startsWith("memory://")
      ? "embedded PGlite (in memory)"
      : `embedded PGlite in ${dataDir}`,
    ...(thread.prepared ? { prepared: thread.prepared } : {}),
    close: () => {
      closing ??= (async () => {
        await pool.end().catch(() => {});
        await thread.close();
      })();
      return closing;
    },
  };
}

/** Connections per pool to a PostgreSQL server unless told otherwise (each process has two pools). */
export const SERVER_POOL_MAX = 10;

/** A connect timeout, a refused connection or a server still starting up: worth another try. */
function mayBeTransient(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return (
    ["ECONNREFUSED", "ECONNRESET", "57P03"].includes(code ?? "") || /timeout/i.test(message ?? "")
  );
}

async function openServer({
  url,
  max = SERVER_POOL_MAX,
}: {
  url: string;
  max?: number;
}): Promise<Database> {
  const common = { connectionString: url, connectionTimeoutMillis: 5_000, keepAlive: true };
  const pool = new pg.Pool({ ...common, max });
  const queuePool = new pg.Pool({
    ...common,
    max,
    options: `-c search_path=${QUEUE_SCHEMA},public`,
  });
  // Idle clients that drop must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  queuePool.on("error", () => {});
  // Tried for 20 s: a server still starting, or a start-up whose module loading keeps the
  // event loop busy past the connect timeout on a loaded machine, is not a wrong URL.
  for (const deadline = Date.now() + 20_000; ; ) {
    try {
      await pool.query("select 1");
      break;
    } catch (cause) {
      if (Date.now() < deadline && mayBeTransient(cause)) {
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      await Promise.all([pool.end(), queuePool.end()]).catch(() => {});
      throw new DatabaseUnavailableError(`DATABASE_URL (${redactUrl(url)})`, { cause });
    }
  }
  let closing: Promise<void> | undefined;
  return {
    kind: "server",
    pool,
    queuePool,
    describe: `PostgreSQL at ${redactUrl(url)}`,
    close: () => {
      closing ??= Promise.all([pool.end(), queuePool.end()])
        .then(() => {})
        .catch(() => {});
      return closing;
    },
  };
}
