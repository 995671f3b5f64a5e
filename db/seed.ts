import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type pg from "pg";

const SEED_FILE = fileURLToPath(new URL("../supabase/seed.sql", import.meta.url));

/**
 * Applies `supabase/seed.sql` (the demo reseller, customers, knights and past
 * work) when the database has no customers yet. Returns whether it seeded.
 */
export async function seedDemoIfEmpty(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ empty: boolean }>(
    "select not exists (select 1 from public.customers) as empty",
  );
  if (!rows[0]?.empty) return false;
  await pool.query(await readFile(SEED_FILE, "utf8"));
  return true;
}
