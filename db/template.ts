/**
 * A migrated, empty embedded database kept as a tarball, so a first
 * `npm start` does not pay for PGlite's initdb (seconds of WASM) and every
 * migration. `npm install` builds it (the `postinstall` script); opening a new
 * embedded data folder unpacks it instead of initialising one.
 *
 * The template is named by a hash of everything that shapes the schema (the
 * migrations, the Supabase shim, the migrator, the PGlite and BullMQ
 * versions), so a changed migration never meets a stale template: it simply
 * has no template and starts the slow way. Either way the migrator still runs
 * on open and finds nothing (or only what is new) to apply.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { QUEUE_SCHEMA } from "./database.ts";
import { listMigrations, MIGRATIONS_DIR, migrate } from "./migrate.ts";
import { createPGlitePool } from "./pglite-pool.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** Where npm keeps package caches; deleted with node_modules. */
export const TEMPLATE_DIR = join(ROOT, "node_modules", ".cache", "mouse");

async function packageVersion(name: string): Promise<string> {
  const file = join(ROOT, "node_modules", name, "package.json");
  return (JSON.parse(await readFile(file, "utf8")) as { version: string }).version;
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
  return join(dir, `pglite-${hash.digest("hex").slice(0, 16)}.tar.gz`);
}

/** The template for this schema, or undefined when none was built. */
export async function loadTemplate(dir = TEMPLATE_DIR): Promise<Blob | undefined> {
  try {
    return new Blob([await readFile(await templatePath(dir))]);
  } catch {
    return undefined;
  }
}

/** Builds the template (in memory: no initdb on disk), written atomically; returns its path. */
export async function buildTemplate(dir = TEMPLATE_DIR): Promise<string> {
  const target = await templatePath(dir);
  const pglite = await PGlite.create("memory://");
  try {
    await pglite.exec(`set search_path to public, ${QUEUE_SCHEMA}`);
    const pool = createPGlitePool(pglite, { max: 1 });
    await migrate(pool, { queue: true });
    await pool.end();
    const tarball = Buffer.from(await (await pglite.dumpDataDir("gzip")).arrayBuffer());
    await mkdir(dirname(target), { recursive: true });
    const partial = `${target}.${process.pid}.partial`;
    await writeFile(partial, tarball);
    await rename(partial, target);
    return target;
  } finally {
    await pglite.close();
  }
}
