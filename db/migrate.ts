import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { SUPABASE_SHIM_SQL } from "./supabase-shim.ts";

/** The schema BullMQ's PostgreSQL backend keeps its tables in. */
export const QUEUE_SCHEMA = "bullmq";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../supabase/migrations/", import.meta.url));

/** Session-level advisory lock that serialises migrators across processes. */
const LOCK = [0x4d6f7573, 1] as const; // "Mous", 1

const MIGRATION_FILE = /^(\d{14})_([a-z0-9_]+)\.sql$/;

export type MigrationResult = { applied: string[]; skipped: number; queueSchemaVersion?: number };

/** A migration file failed; nothing of it was kept. */
export class MigrationError extends Error {
  readonly file: string;
  constructor(file: string, options: { cause: unknown }) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`migration ${file} failed: ${reason}`, options);
    this.name = "MigrationError";
    this.file = file;
  }
}

/** Lists `supabase/migrations/*.sql` in the order they apply. */
export async function listMigrations(dir = MIGRATIONS_DIR) {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".sql")).sort();
  return names.map((file) => {
    const match = MIGRATION_FILE.exec(file);
    if (!match)
      throw new Error(`migration file ${file} must be named <14-digit timestamp>_<name>.sql`);
    return { file, version: match[1]!, name: match[2]!, path: `${dir}/${file}` };
  });
}

/**
 * Applies what Supabase would provide, then every migration not yet recorded
 * in `supabase_migrations.schema_migrations` (the Supabase CLI's own ledger,
 * so `supabase db push` agrees with us), each in its own transaction, under
 * an advisory lock: safe to run twice and from two processes at once. With
 * `queue: true` it also applies BullMQ's PostgreSQL schema.
 */
export async function migrate(
  pool: pg.Pool,
  { dir = MIGRATIONS_DIR, queue = false }: { dir?: string; queue?: boolean } = {},
): Promise<MigrationResult> {
  const migrations = await listMigrations(dir);
  const client = await pool.connect();
  try {
    await client.query("select pg_advisory_lock($1, $2)", [...LOCK]);
    try {
      await client.query(SUPABASE_SHIM_SQL);
      await client.query(`
        create schema if not exists supabase_migrations;
        create table if not exists supabase_migrations.schema_migrations (
          version text primary key, statements text[], name text)`);
      const { rows } = await client.query<{ version: string }>(
        "select version from supabase_migrations.schema_migrations",
      );
      const done = new Set(rows.map((r) => r.version));
      const applied: string[] = [];
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        const sql = await readFile(m.path, "utf8");
        try {
          await client.query("begin");
          await client.query(sql);
          await client.query(
            "insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)",
            [m.version, m.name, [sql]],
          );
          await client.query("commit");
        } catch (cause) {
          await client.query("rollback").catch(() => {});
          throw new MigrationError(m.file, { cause });
        }
        applied.push(m.file);
      }
      const result: MigrationResult = { applied, skipped: migrations.length - applied.length };
      if (queue) {
        // Loaded only here: BullMQ is most of what this module would otherwise load.
        const { runMigrations } = await import("bullmq");
        result.queueSchemaVersion = await runMigrations(client, QUEUE_SCHEMA);
      }
      return result;
    } finally {
      await client.query("select pg_advisory_unlock($1, $2)", [...LOCK]).catch(() => {});
    }
  } finally {
    client.release();
  }
}
