import { randomBytes } from "node:crypto";
import type { Database } from "../db/index.ts";
import { createQueueKit, type QueueKit } from "../queue/index.ts";
import type { DatabaseBackend } from "./databases.ts";

export type QueueBackend = "postgres" | "redis";

/**
 * Where a queue test must pass: BullMQ's PostgreSQL backend on embedded PGlite
 * always, on the PostgreSQL server when DATABASE_URL is set, and BullMQ on
 * Redis when REDIS_URL is set.
 */
export function queueTargets(): { name: string; queue: QueueBackend; database: DatabaseBackend }[] {
  return [
    { name: "postgres backend on PGlite", queue: "postgres", database: "pglite" },
    ...(process.env.DATABASE_URL
      ? [
          {
            name: "postgres backend on the server",
            queue: "postgres" as const,
            database: "postgres" as const,
          },
        ]
      : []),
    ...(process.env.REDIS_URL
      ? [{ name: "redis", queue: "redis" as const, database: "pglite" as const }]
      : []),
  ];
}

/** A unique queue-name prefix, so parallel test files never share a queue. */
export function testNamespace(): string {
  return `t${Date.now().toString(36)}${randomBytes(3).toString("hex")}-`;
}

/** A queue kit on the given backend with queue names no other test uses. */
export function createTestQueues(backend: QueueBackend, db: Database): QueueKit {
  const namespace = testNamespace();
  if (backend === "redis") {
    const url = process.env.REDIS_URL;
    if (!url) throw new Error("REDIS_URL is not set: cannot use the Redis queue backend");
    return createQueueKit({ kind: "redis", url }, { namespace });
  }
  return createQueueKit({ kind: "postgres", pool: db.queuePool }, { namespace });
}
