/**
 * An embedded PGlite in a worker thread (db/pglite-worker.ts), seen from the
 * main thread as a session the pool's multiplexer drives (db/pglite-pool.ts).
 *
 * Each unit of frontend messages goes to the worker; its raw reply bytes come
 * back (transferred, not copied) and are parsed here with node-postgres' own
 * protocol parser, so errors keep their code, detail and position. The worker
 * keeps the process alive only while a request is in flight, as the database
 * did when it ran on the main thread.
 */
import { Worker } from "node:worker_threads";
import type { BackendMessage } from "pg-protocol/dist/messages.js";
import { Parser } from "pg-protocol/dist/parser.js";
import type { MigrationResult } from "./migrate.ts";
import type { PGliteSession } from "./pglite-pool.ts";

/** What the worker opens, and what it does before it says it is ready. */
export type EmbeddedOpen = {
  dataDir: string;
  fromTemplate?: boolean;
  templateDir?: string;
  /** Migrate (and seed the demo into an empty database) before answering queries. */
  prepare?: { queue: boolean; seedDemo: boolean };
};

export type Prepared = { migration: MigrationResult; seeded: boolean };

type WireError = { name: string; message: string };

export type ToWorker =
  | { id: number; op: "run"; message: Uint8Array }
  | { id: number; op: "rollback" }
  | { id: number; op: "close" };

/** The worker's answer to one request. */
type Reply = { id: number; data?: Uint8Array; inTransaction?: boolean; error?: WireError };

export type FromWorker =
  | { type: "ready"; prepared: Prepared | undefined }
  | { type: "failed"; stage: "open" | "prepare"; error: WireError }
  | Reply;

/** The worker could not open the database (the message says why), or failed preparing it. */
export class EmbeddedOpenError extends Error {
  readonly stage: "open" | "prepare";
  constructor(stage: "open" | "prepare", error: WireError) {
    super(error.message);
    // A migration failure keeps its name, so it is reported as one.
    this.name = stage === "prepare" ? error.name : "EmbeddedOpenError";
    this.stage = stage;
  }
}

export type EmbeddedThread = {
  session: PGliteSession;
  prepared: Prepared | undefined;
  /** Closes the database; resolves with the thread's exit code (0: it ended by itself). */
  close: () => Promise<number>;
};

const WORKER = new URL("./pglite-worker.ts", import.meta.url);
const PRELOAD = new URL("../runtime/register.js", import.meta.url).href;

/** Starts the worker and resolves once its database is open (and prepared, if asked). */
export function openInThread(options: EmbeddedOpen): Promise<EmbeddedThread> {
  // Not the process's flags (a worker refuses some, `--input-type` say), only
  // the preload: with V8's compile cache on before the first `.ts`, the worker
  // neither loads Node's TypeScript stripper (~300 ms) nor recompiles PGlite.
  const worker = new Worker(WORKER, { workerData: options, execArgv: ["--import", PRELOAD] });
  const exited = new Promise<number>((resolve) => worker.once("exit", resolve));
  const pending = new Map<
    number,
    { resolve: (reply: Reply) => void; reject: (e: Error) => void }
  >();
  let nextId = 1;
  let stopped: Error | undefined;

  const stop = (error: Error) => {
    stopped ??= error;
    for (const { reject } of pending.values()) reject(stopped);
    pending.clear();
  };

  const request = (message: ToWorker) =>
    new Promise<Reply>((resolve, reject) => {
      if (stopped) return reject(stopped);
      if (pending.size === 0) worker.ref();
      pending.set(message.id, { resolve, reject });
      worker.postMessage(message);
    });

  const session: PGliteSession = {
    run: async (message) => {
      // Copied, not transferred: pg's serializer may hand out views of a shared buffer.
      const reply = await request({ id: nextId++, op: "run", message });
      if (reply.error)
        throw Object.assign(new Error(reply.error.message), { name: reply.error.name });
      const replies: BackendMessage[] = [];
      const data = reply.data!;
      new Parser().parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength), (m) =>
        replies.push(m),
      );
      return { replies, inTransaction: reply.inTransaction ?? false };
    },
    rollback: async () => {
      await request({ id: nextId++, op: "rollback" });
    },
  };

  return new Promise((resolve, reject) => {
    worker.on("message", (message: FromWorker) => {
      if ("type" in message) {
        if (message.type === "ready") {
          worker.unref();
          let closing: Promise<number> | undefined;
          resolve({
            session,
            prepared: message.prepared,
            close: () => {
              closing ??= request({ id: nextId++, op: "close" })
                .catch(() => {})
                .then(() => ended(worker, exited));
              return closing;
            },
          });
        } else {
          reject(new EmbeddedOpenError(message.stage, message.error));
          void ended(worker, exited);
        }
        return;
      }
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (pending.size === 0) worker.unref();
      waiter?.resolve(message);
    });
    worker.on("error", (error) => {
      reject(error);
      stop(new Error(`the embedded database stopped: ${error.message}`));
    });
    worker.on("exit", (code) => {
      const error = new Error(`the embedded database stopped (thread exit code ${code})`);
      reject(error);
      stop(error);
    });
  });
}

/**
 * Resolves once the thread has ended. A closed database leaves the thread
 * nothing to do, so it ends by itself; `terminate()` (stopping V8 from
 * outside, which Node has had crash bugs around when the thread was tearing
 * down WASM) is only the fallback for a thread still running after a while.
 */
async function ended(worker: Worker, exited: Promise<number>, graceMs = 5_000): Promise<number> {
  worker.ref(); // whoever awaits the close waits for the thread, too
  const fallback = setTimeout(() => void worker.terminate(), graceMs);
  try {
    return await exited;
  } finally {
    clearTimeout(fallback);
  }
}
