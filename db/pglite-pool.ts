/**
 * A node-postgres pool over one embedded PGlite, safe for concurrent clients.
 *
 * PGlite is a single Postgres session. Its own node-postgres adapter hands
 * every pool client the same connection object, so it only works with one
 * client at a time; BullMQ needs several (one blocks on LISTEN). Here each
 * client gets its own connection, and one multiplexer per PGlite runs their
 * protocol messages one unit at a time (a unit ends at Sync, Flush or a simple
 * Query, so an extended-protocol query is never interleaved with another).
 * While a client holds an open transaction only its units run; the others
 * wait, exactly as if the transaction held a lock on the whole database.
 * A client that waits on another client inside its own transaction therefore
 * deadlocks: never nest pool work inside a transaction.
 *
 * NOTIFY messages reach every client, since LISTEN is per session and there is
 * only one session.
 *
 * The session is either a PGlite in this thread or one in a worker thread
 * (db/pglite-thread.ts): the multiplexer only needs to run a unit and learn
 * whether a transaction is still open afterwards.
 */
import { EventEmitter } from "node:events";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { serialize } from "pg-protocol";
import type { BackendMessage } from "pg-protocol/dist/messages.js";

/** One Postgres session that runs protocol units one at a time. */
export type PGliteSession = {
  /** Runs one unit of frontend messages: the backend's replies, and whether a transaction is open after it. */
  run: (message: Uint8Array) => Promise<{ replies: BackendMessage[]; inTransaction: boolean }>;
  /** Ends the open transaction, if any. */
  rollback: () => Promise<void>;
};

/** The session of a PGlite in this thread. */
export function localSession(pglite: PGlite): PGliteSession {
  return {
    run: async (message) => {
      const replies = await pglite.execProtocolStream(message, { throwOnError: false });
      return { replies, inTransaction: pglite.isInTransaction() };
    },
    rollback: async () => {
      if (pglite.isInTransaction()) await pglite.exec("rollback");
    },
  };
}

type Unit = { connection: MultiplexedConnection; buffers: Uint8Array[] };

class Multiplexer {
  readonly connections = new Set<MultiplexedConnection>();
  /** Prepared statements are per session, so every client shares pg's cache. */
  readonly parsedStatements: Record<string, string> = {};
  private readonly waiting: Unit[] = [];
  private owner: MultiplexedConnection | undefined;
  private running = false;
  /** Whether the last unit left a transaction open. */
  private inTransaction = false;

  private readonly session: PGliteSession;
  constructor(session: PGliteSession) {
    this.session = session;
  }

  submit(unit: Unit) {
    this.waiting.push(unit);
    void this.pump();
  }

  /** A client went away: end whatever transaction it left open. */
  async release(connection: MultiplexedConnection) {
    this.connections.delete(connection);
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      if (this.waiting[i]!.connection === connection) this.waiting.splice(i, 1);
    }
    if (this.owner === connection) {
      this.owner = undefined;
      if (!this.running && this.inTransaction) await this.rollback();
      void this.pump();
    }
  }

  private async pump() {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const index = this.owner ? this.waiting.findIndex((u) => u.connection === this.owner) : 0;
        if (index < 0) break;
        const unit = this.waiting.splice(index, 1)[0]!;
        const message = concat(unit.buffers);
        let replies: BackendMessage[];
        try {
          ({ replies, inTransaction: this.inTransaction } = await this.session.run(message));
        } catch (error) {
          unit.connection.emit("error", error);
          continue;
        }
        const endsMidProtocol = unit.buffers.at(-1)?.[0] === FLUSH;
        this.owner = this.inTransaction || endsMidProtocol ? unit.connection : undefined;
        if (!this.connections.has(unit.connection) && this.owner === unit.connection) {
          this.owner = undefined;
          await this.rollback();
        }
        for (const reply of replies) {
          if (reply.name === "notification") {
            for (const c of this.connections) c.deliver(reply);
          } else {
            unit.connection.deliver(reply);
          }
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async rollback() {
    await this.session.rollback().catch(() => {});
    this.inTransaction = false;
  }
}

const FLUSH = 0x48; // 'H'
const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'

function concat(buffers: Uint8Array[]): Uint8Array {
  if (buffers.length === 1) return buffers[0]!;
  const out = new Uint8Array(buffers.reduce((n, b) => n + b.length, 0));
  let offset = 0;
  for (const b of buffers) {
    out.set(b, offset);
    offset += b.length;
  }
  return out;
}

/** The connection object node-postgres drives, speaking to the multiplexer instead of a socket. */
class MultiplexedConnection extends EventEmitter {
  _connecting = false;
  readonly stream = { destroy: () => this.end() };
  readonly parsedStatements: Record<string, string>;
  submittedNamedStatements = {};
  private pending: Uint8Array[] = [];
  private ended = false;

  private readonly mux: Multiplexer;
  constructor(mux: Multiplexer) {
    super();
    this.mux = mux;
    this.parsedStatements = mux.parsedStatements;
  }

  deliver(message: { name: string }) {
    if (this.ended) return;
    this.emit("message", message);
    this.emit(message.name === "error" ? "errorMessage" : message.name, message);
  }

  private send(buffer: Uint8Array) {
    if (this.ended) return;
    this.pending.push(buffer);
    const kind = buffer[0];
    if (kind === SYNC || kind === QUERY || kind === FLUSH) {
      const buffers = this.pending;
      this.pending = [];
      this.mux.submit({ connection: this, buffers });
    }
  }

  connect() {
    this._connecting = true;
    this.mux.connections.add(this);
    process.nextTick(() => this.emit("readyForQuery", { name: "readyForQuery", status: "I" }));
  }
  requestSsl() {}
  startup() {}
  cancel() {}
  password() {}
  sendSASLInitialResponseMessage() {}
  sendSCRAMClientFinalMessage() {}
  query(text: string) {
    this.send(serialize.query(text));
  }
  // biome-ignore lint/suspicious/noExplicitAny: pg's internal message configs
  parse(query: any) {
    this.send(serialize.parse(query));
  }
  // biome-ignore lint/suspicious/noExplicitAny: pg's internal message configs
  bind(config: any) {
    this.send(serialize.bind(config));
  }
  // biome-ignore lint/suspicious/noExplicitAny: pg's internal message configs
  execute(config: any) {
    this.send(serialize.execute(config));
  }
  // biome-ignore lint/suspicious/noExplicitAny: pg's internal message configs
  describe(msg: any) {
    this.send(serialize.describe(msg));
  }
  // biome-ignore lint/suspicious/noExplicitAny: pg's internal message configs
  close(msg: any) {
    this.send(serialize.close(msg));
  }
  flush() {
    this.send(serialize.flush());
  }
  sync() {
    this.send(serialize.sync());
  }
  sendCopyFromChunk(chunk: Buffer) {
    this.send(serialize.copyData(chunk));
  }
  endCopyFrom() {
    this.send(serialize.copyDone());
  }
  sendCopyFail(msg: string) {
    this.send(serialize.copyFail(msg));
  }
  end() {
    if (this.ended) return;
    this.ended = true;
    void this.mux.release(this).finally(() => {
      this.emit("end");
      this.removeAllListeners();
    });
  }
  ref() {}
  unref() {}
}

/** Creates a node-postgres pool whose clients all share one PGlite session safely. */
export function createPGlitePool(
  pglite: PGlite | PGliteSession,
  { max = 8 }: { max?: number } = {},
): pg.Pool {
  const mux = new Multiplexer("execProtocolStream" in pglite ? localSession(pglite) : pglite);
  class PGliteClient extends pg.Client {
    constructor(config: pg.ClientConfig = {}) {
      super({
        ...config,
        // biome-ignore lint/suspicious/noExplicitAny: pg accepts a custom connection object
        connection: new MultiplexedConnection(mux) as any,
      } as pg.ClientConfig);
    }
  }
  // Idle clients are no reason to stay alive (a server has its listener; a script may end).
  const pool = new pg.Pool({
    Client: PGliteClient,
    max,
    user: "postgres",
    database: "postgres",
    allowExitOnIdle: true,
  });
  // As for a server's pool: an idle client's error drops that client and must
  // not crash the process (pg-pool re-emits it here and throws without a listener).
  pool.on("error", () => {});
  return pool;
}
