import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDatabase, type Database } from "../db/index.ts";

export type DatabaseBackend = "pglite" | "postgres";

/**
 * The database backends a data test must pass on: embedded PGlite always,
 * the PostgreSQL server too when DATABASE_URL is set (as CI sets it).
 */
export function databaseBackends(): DatabaseBackend[] {
  return process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

/**
 * A fresh, empty database of its own for one test file; `close()` drops it.
 * On the server its pools hold `max` connections each: 10 by default (BullMQ
 * keeps one waiting per worker: a knights process alone runs the knights,
 * maintenance and replays workers), so the two test files running at once
 * stay well inside the server's limit of 100.
 */
export async function createTestDatabase(
  backend: DatabaseBackend,
  { max = 10 }: { max?: number } = {},
): Promise<Database & { url?: string }> {
  if (backend === "pglite") return createDatabase({ kind: "embedded", dataDir: "memory://" });
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("DATABASE_URL is not set: cannot create a server test database");
  const name = `mouse_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await createDatabase({ kind: "server", url: url.toString(), max });
  return {
    ...db,
    url: url.toString(),
    close: async () => {
      await db.close();
      const drop = new pg.Client({ connectionString: serverUrl });
      await drop.connect();
      try {
        await drop.query(`drop database if exists ${name} with (force)`);
      } finally {
        await drop.end();
      }
    },
  };
}
