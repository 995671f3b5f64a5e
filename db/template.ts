/**
 * A migrated, empty embedded database kept as a data folder, so a first
 * `npm start` does not pay for PGlite's initdb (seconds of WASM) and every
 * migration. `npm install` builds it (the `postinstall` script); a new
 * embedded data folder is copied from it (natively, ~60 ms for its 42 MB;
 * unpacking a tarball through PGlite's `loadDataDir` took 1.5 s more)
 * instead of initialised.
 *
 * The template is named by a hash of everything that shapes the schema (the
 * migrations, the Supabase shim, the migrator, the PGlite and BullMQ
 * versions), so a changed migration never meets a stale template: it simply
 * has no template and starts the slow way. Either way the migrator still runs
 * on open and finds nothing (or only what is new) to apply.
 */
import { createHash } from "node:crypto";
import { cpSync, existsSync, rmdirSync } from "node:fs";
import { access, mkdir, readFile, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { listMigrations, MIGRATIONS_DIR, migrate, QUEUE_SCHEMA } from "./migrate.ts";
import { createPGlitePool } from "./pglite-pool.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** Where npm keeps package caches; deleted with node_modules. */
export const TEMPLATE_DIR = join(ROOT, "node_modules", ".cache", "mouse");

async function packageVersion(name: string): Promise<string> {
  const file = join(ROOT, "node_modules", name, "package.json");
  return (JSON.parse(await readFile(file, "utf8")) as { version: string }).version;
}

/** True when the folder already holds a database cluster. */
export async function holdsCluster(dataDir: string): Promise<boolean> {
  return access(join(dataDir, "PG_VERSION")).then(
    () => true,
    () => false,
  );
}

/** The template's file for the schema this checkout would migrate to. */
export async function templatePath(dir = TEMPLATE_DIR): Promise<string> {
  const hash = createHash("sha256");
  for (const name of ["@electric-sql/pglite", "bullmq"]) hash.update(await packageVersion(name));
  for (const file of ["migrate.ts", "supabase-shim.ts"])
    hash.update(await readFile(join(ROOT, "db", file)));
  for (const m of await listMigrations(MIGRATIONS_DIR)) {
    hash.update(m.file);
    hash.update(await readFile(m.path));
  }
  return join(dir, `pglite-${hash.digest("hex").slice(0, 16)}`);
}

/**
 * Fills the new data folder `dataDir` (absent or empty) from the template for
 * this schema; false when there is none. The copy lands under another name
 * and is renamed into place, so a crash mid-copy never leaves half a cluster.
 */
export async function copyTemplate(dataDir: string, dir = TEMPLATE_DIR): Promise<boolean> {
  const template = await templatePath(dir);
  if (!(await holdsCluster(template))) return false;
  const partial = `${dataDir}.${process.pid}.partial`;
  try {
    cpSync(template, partial, { recursive: true });
    if (existsSync(dataDir)) rmdirSync(dataDir); // empty, or this throws and nothing is touched
    await rename(partial, dataDir);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
  return true;
}

/** Builds the template for this schema unless it is there already; says where it is and whether it was built. */
export async function ensureTemplate(
  dir = TEMPLATE_DIR,
): Promise<{ path: string; built: boolean }> {
  const path = await templatePath(dir);
  if (await holdsCluster(path)) return { path, built: false };
  await buildTemplate(path);
  return { path, built: true };
}

/** Builds a template (an on-disk cluster, migrated, closed) at `target`, moved into place atomically. */
async function buildTemplate(target: string): Promise<void> {
  const partial = `${target}.${process.pid}.partial`;
  await mkdir(dirname(target), { recursive: true });
  await rm(partial, { recursive: true, force: true });
  const pglite = await PGlite.create(partial);
  try {
    await pglite.exec(`set search_path to public, ${QUEUE_SCHEMA}`);
    const pool = createPGlitePool(pglite, { max: 1 });
    await migrate(pool, { queue: true });
    await pool.end();
  } finally {
    await pglite.close();
  }
  await rm(target, { recursive: true, force: true });
  await rename(partial, target);
}
