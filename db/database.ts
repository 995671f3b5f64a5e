import { access, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { redactUrl } from "../config/index.ts";
import { createPGlitePool } from "./pglite-pool.ts";

/** The schema BullMQ's PostgreSQL backend keeps its tables in. */
export const QUEUE_SCHEMA = "bullmq";

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

/** Opens the database the configuration names and checks that it answers. */
export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  return options.kind === "embedded" ? openEmbedded(options) : openServer(options);
}

/** True when the folder already holds a database cluster. */
export async function holdsCluster(dataDir: string): Promise<boolean> {
  return access(join(dataDir, "PG_VERSION")).then(
    () => true,
    () => false,
  );
}

async function openEmbedded({
  dataDir,
  fromTemplate,
  templateDir,
}: {
  dataDir: string;
  fromTemplate?: boolean;
  templateDir?: string;
}): Promise<Database> {
  const inMemory = dataDir.startsWith("memory://");
  // A new folder on disk starts as a copy of the migrated template, when there is one.
  if (!inMemory && fromTemplate !== false && !(await holdsCluster(dataDir))) {
    const { copyTemplate } = await import("./template.ts");
    await mkdir(dirname(dataDir), { recursive: true });
    await copyTemplate(dataDir, templateDir).catch((cause: unknown) => {
      throw new DatabaseUnavailableError(`embedded database in ${dataDir}`, { cause });
    });
  }
  if (!inMemory) await mkdir(dataDir, { recursive: true });
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir);
  } catch (cause) {
    throw new DatabaseUnavailableError(`embedded database in ${dataDir}`, { cause });
  }
  // PGlite is one session shared by every pool connection, so the search path
  // is set once for all: our tables first, then the queue's.
  await pglite.exec(`set search_path to public, ${QUEUE_SCHEMA}`);
  const pool = createPGlitePool(pglite, { max: 8 });
  let closing: Promise<void> | undefined;
  return {
    kind: "embedded",
    pool,
    queuePool: pool,
    describe: inMemory ? "embedded PGlite (in memory)" : `embedded PGlite in ${dataDir}`,
    close: () => {
      closing ??= (async () => {
        await pool.end().catch(() => {});
        await pglite.close().catch(() => {});
      })();
      return closing;
    },
  };
}

async function openServer({ url, max = 10 }: { url: string; max?: number }): Promise<Database> {
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
  try {
    await pool.query("select 1");
  } catch (cause) {
    await Promise.all([pool.end(), queuePool.end()]).catch(() => {});
    throw new DatabaseUnavailableError(`DATABASE_URL (${redactUrl(url)})`, { cause });
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
