/**
 * The embedded database's own thread (started by db/pglite-thread.ts).
 *
 * It opens the PGlite (a new folder starts as a copy of the migrated
 * template), optionally migrates and seeds it, says so, and from then on runs
 * the protocol units the main thread's pool sends, one at a time, answering
 * each with the backend's raw reply bytes and whether a transaction is open.
 * Postgres' work (WASM) thus runs beside the main thread instead of on it:
 * at start-up the database opens while the main thread loads the product's
 * modules, and later every query's execution leaves the event loop free.
 */
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { QUEUE_SCHEMA } from "./migrate.ts";
import type { EmbeddedOpen, FromWorker, ToWorker } from "./pglite-thread.ts";

const port = parentPort!;
const options = workerData as EmbeddedOpen;

function post(message: FromWorker, transfer: ArrayBuffer[] = []) {
  port.postMessage(message, transfer);
}

function describe(error: unknown) {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: "Error", message: String(error) };
}

/** Opens the database; true when the folder was just copied from the (migrated) template. */
async function open(): Promise<{ pglite: PGlite; fromTemplate: boolean }> {
  const { dataDir } = options;
  const inMemory = dataDir.startsWith("memory://");
  let fromTemplate = false;
  if (!inMemory && options.fromTemplate !== false) {
    const { copyTemplate, holdsCluster } = await import("./template.ts");
    if (!(await holdsCluster(dataDir))) {
      await mkdir(dirname(dataDir), { recursive: true });
      fromTemplate = await copyTemplate(dataDir, options.templateDir);
    }
  }
  if (!inMemory) await mkdir(dataDir, { recursive: true });
  // Postgres' default 128 MB of shared buffers costs ~300 ms to set up on
  // every start (measured: 790 ms vs 525 ms for PGlite.create); 32 MB holds
  // an embedded database's working set many times over.
  const pglite = await PGlite.create(dataDir, {
    startParams: [...PGlite.defaultStartParams, "-c", "shared_buffers=32MB"],
  });
  // One session shared by every pool connection: our tables first, then the queue's.
  await pglite.exec(`set search_path to public, ${QUEUE_SCHEMA}`);
  return { pglite, fromTemplate };
}

async function prepare(pglite: PGlite, fromTemplate: boolean) {
  if (!options.prepare) return undefined;
  const [{ createPGlitePool }, { listMigrations, migrate }, { seedDemoIfEmpty }] =
    await Promise.all([import("./pglite-pool.ts"), import("./migrate.ts"), import("./seed.ts")]);
  const pool = createPGlitePool(pglite, { max: 1 });
  try {
    // A fresh copy of the template is migrated already: the template's name is
    // a hash of the migrations, the migrator and the queue's schema version.
    const migration = fromTemplate
      ? { applied: [], skipped: (await listMigrations()).length }
      : await migrate(pool, { queue: options.prepare.queue });
    const seeded = options.prepare.seedDemo ? await seedDemoIfEmpty(pool) : false;
    return { migration, seeded };
  } finally {
    await pool.end();
  }
}

async function main() {
  let pglite: PGlite;
  let fromTemplate: boolean;
  try {
    ({ pglite, fromTemplate } = await open());
  } catch (error) {
    post({ type: "failed", stage: "open", error: describe(error) });
    return;
  }
  try {
    const prepared = await prepare(pglite, fromTemplate);
    post({ type: "ready", prepared });
  } catch (error) {
    post({ type: "failed", stage: "prepare", error: describe(error) });
    await pglite.close().catch(() => {});
    return;
  }

  // The pool sends one unit at a time; the chain keeps it so whatever arrives.
  let queue = Promise.resolve();
  port.on("message", (request: ToWorker) => {
    queue = queue.then(async () => {
      try {
        if (request.op === "run") {
          const data = await pglite.execProtocolRaw(request.message);
          post({ id: request.id, data, inTransaction: pglite.isInTransaction() }, [
            data.buffer as ArrayBuffer,
          ]);
        } else if (request.op === "rollback") {
          if (pglite.isInTransaction()) await pglite.exec("rollback");
          post({ id: request.id });
        } else {
          await pglite.close();
          post({ id: request.id });
          port.close();
        }
      } catch (error) {
        post({ id: request.id, error: describe(error) });
      }
    });
  });
}

void main();
