import {
  createPostgresBackend,
  type Processor,
  Queue,
  type QueueOptions,
  Worker,
  type WorkerOptions,
  withBackend,
} from "bullmq";
import { Redis } from "ioredis";
import type pg from "pg";
import { QUEUE_NAMES, type QueueRole } from "./names.ts";

export { QUEUE_NAMES, type QueueRole } from "./names.ts";

/**
 * How long finished jobs stay, by queue. Queues whose jobs carry what a
 * customer wrote or will read (an update's text, a pasted password, a
 * notification's text and photo) drop a job as soon as it is done, handled or
 * given up; the others carry only ids and keep finished jobs a day (failed
 * ones a week) for the operator. A job may set its own (knights, approvals).
 */
/** Jobs that carry only ids: finished ones kept a day, failed ones a week. */
const KEEP_FOR_THE_OPERATOR = {
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export const RETENTION: Record<QueueRole, QueueOptions["defaultJobOptions"]> = {
  updates: { removeOnComplete: true, removeOnFail: true },
  replies: {
    removeOnComplete: true,
    removeOnFail: true,
    attempts: 10,
    backoff: { type: "exponential", delay: 1_000 },
  },
  // A send that fails for another reason than a flood wait (a 429 never spends
  // an attempt) is retried for about 17 minutes; chat replies stay in Postgres anyway.
  outbox: {
    removeOnComplete: true,
    removeOnFail: true,
    attempts: 10,
    backoff: { type: "exponential", delay: 1_000 },
  },
  knights: KEEP_FOR_THE_OPERATOR,
  approvals: KEEP_FOR_THE_OPERATOR,
  schedules: KEEP_FOR_THE_OPERATOR,
  replays: KEEP_FOR_THE_OPERATOR,
  maintenance: KEEP_FOR_THE_OPERATOR,
};

export type QueueBackendOptions =
  | { kind: "redis"; url: string }
  | { kind: "postgres"; pool: pg.Pool };

export type QueueKit = {
  kind: "redis" | "postgres";
  /** The real queue name for a role (with this kit's namespace). */
  name: (role: QueueRole) => string;
  /** The producer side of a role's queue (one instance per role, created on first use). */
  queue: <Data = unknown>(role: QueueRole) => Queue<Data>;
  /** Starts a worker on a role's queue; it is closed with the kit. */
  worker: <Data = unknown, Result = unknown>(
    role: QueueRole,
    processor: Processor<Data, Result>,
    options?: Omit<WorkerOptions, "connection">,
  ) => Worker<Data, Result>;
  /** Throws unless the queue's backend answers. */
  ping: () => Promise<void>;
  /** Closes workers first (waiting for their active jobs), then queues and connections. Idempotent. */
  close: () => Promise<void>;
};

/**
 * Owns the queue connections: BullMQ on Redis through ioredis, or BullMQ's
 * PostgreSQL backend on the application's database (PGlite included).
 * `namespace` prefixes queue names so tests never share a queue.
 */
export function createQueueKit(
  backend: QueueBackendOptions,
  { namespace = "" }: { namespace?: string } = {},
): QueueKit {
  const queues = new Map<QueueRole, Queue>();
  const workers: Worker[] = [];
  const name = (role: QueueRole) => `${namespace}${QUEUE_NAMES[role]}`;

  let producerRedis: Redis | undefined;
  let workerRedis: Redis | undefined;
  const redisUrl = backend.kind === "redis" ? backend.url : undefined;
  // Producers fail fast when Redis is down (the relay re-enqueues from
  // Postgres); workers wait forever, as BullMQ requires.
  // As with the queues below: a failed command rejects its own call, and the
  // connection reconnects by itself, so an error event (a write racing the
  // server's close at shutdown: EPIPE) needs no listener beyond this one.
  const connect = (maxRetriesPerRequest: number | null) =>
    new Redis(redisUrl!, { maxRetriesPerRequest, protocol: 2 }).on("error", () => {});
  const producerConnection = () => (producerRedis ??= connect(2));
  const workerConnection = () => (workerRedis ??= connect(null));
  const pgClasses = backend.kind === "postgres" ? withBackend(createPostgresBackend) : undefined;

  const queue = <Data>(role: QueueRole): Queue<Data> => {
    let q = queues.get(role);
    if (!q) {
      const defaults = RETENTION[role];
      q = pgClasses
        ? (new pgClasses.Queue(name(role), {
            connection: (backend as { pool: pg.Pool }).pool,
            defaultJobOptions: defaults,
          }) as unknown as Queue)
        : new Queue(name(role), { connection: producerConnection(), defaultJobOptions: defaults });
      // Errors surface on the calls that fail; an idle reconnect must not crash.
      q.on("error", () => {});
      queues.set(role, q);
      // BullMQ keeps a Queue's first connection attempt: one made while Redis
      // is down fails every later call too, long after Redis is back. Such a
      // Queue is dropped, so the next call builds a fresh one on the
      // (reconnecting) shared connection.
      const created = q;
      created.waitUntilReady().catch(() => {
        if (queues.get(role) !== created) return;
        queues.delete(role);
        void created.close().catch(() => {});
      });
    }
    return q as Queue<Data>;
  };

  const worker = <Data, Result>(
    role: QueueRole,
    processor: Processor<Data, Result>,
    options: Omit<WorkerOptions, "connection"> = {},
  ): Worker<Data, Result> => {
    const w = pgClasses
      ? (new pgClasses.Worker(name(role), processor as Processor, {
          ...options,
          connection: (backend as { pool: pg.Pool }).pool,
        }) as unknown as Worker<Data, Result>)
      : new Worker<Data, Result>(name(role), processor, {
          ...options,
          connection: workerConnection(),
        });
    w.on("error", () => {});
    workers.push(w as unknown as Worker);
    return w;
  };

  let closing: Promise<void> | undefined;
  return {
    kind: backend.kind,
    name,
    queue,
    worker,
    ping: async () => {
      if (backend.kind === "redis") await producerConnection().ping();
      else await backend.pool.query("select 1 from bullmq.migration limit 1");
    },
    close: () => {
      closing ??= (async () => {
        await Promise.allSettled(workers.map((w) => w.close()));
        await Promise.allSettled([...queues.values()].map((q) => q.close()));
        await Promise.allSettled(
          [producerRedis, workerRedis].filter((r): r is Redis => !!r).map((r) => r.quit()),
        );
      })();
      return closing;
    },
  };
}
