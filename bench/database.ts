/**
 * A fresh database for one benchmark row: a new database on the PostgreSQL
 * server when DATABASE_URL is set (dropped afterwards), otherwise embedded
 * PGlite in a temporary DATA_DIR, which a child process can open once the
 * bench has closed it.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDatabase, type Database, migrate, SERVER_POOL_MAX } from "../db/index.ts";
import { createTestDatabase } from "../testing/index.ts";

export type BenchDatabase = {
  db: Database;
  /** "PostgreSQL server …" or "embedded PGlite …", for the table's notes. */
  describe: string;
  /** What a child process of the product needs in its environment to open the same database. */
  env: Record<string, string>;
  /** Releases our connection so a child may open it (PGlite allows one process at a time). */
  release: () => Promise<void>;
  /** Drops or deletes the database. */
  close: () => Promise<void>;
};

/** Creates, migrates and opens a fresh database for one row. */
export async function openBenchDatabase({ queue }: { queue: boolean }): Promise<BenchDatabase> {
  if (process.env.DATABASE_URL) {
    // The pools a service process opens, not a test file's smaller ones.
    const db = await createTestDatabase("postgres", { max: SERVER_POOL_MAX });
    await migrate(db.pool, { queue });
    const { rows } = await db.pool.query<{ server_version: string }>("show server_version");
    const describe = `PostgreSQL server ${rows[0]!.server_version}`;
    return {
      db,
      describe,
      env: { DATABASE_URL: db.url! },
      release: async () => {},
      close: db.close,
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), "mouse-bench-"));
  const db = await createDatabase({ kind: "embedded", dataDir: join(dataDir, "pg") });
  await migrate(db.pool, { queue });
  return {
    db,
    describe: "embedded PGlite (DATABASE_URL unset)",
    env: { DATA_DIR: dataDir },
    release: () => db.close(),
    close: async () => {
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
