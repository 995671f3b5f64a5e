/**
 * The live view's LISTEN connection: it survives losing its connection, and
 * a connection that reports an error after it was given back (the server
 * ending its sessions at shutdown) neither crashes the process nor goes
 * back to the pool twice.
 */
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/index.ts";
import { createLogger } from "../../observability/index.ts";
import { createTestDatabase, databaseBackends } from "../../testing/index.ts";
import { listenForNotifications } from "./listener.ts";

const logger = createLogger({ level: process.env.TEST_LOG ?? "silent" });

describe.each(databaseBackends())("notification listener (%s)", (backend) => {
  let db: Database;
  /** Every connection the listener took from the pool, in order. */
  const taken: pg.PoolClient[] = [];
  let pool: pg.Pool;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    pool = new Proxy(db.pool, {
      get(target, key) {
        if (key !== "connect") return Reflect.get(target, key, target);
        return async () => {
          const client = await target.connect();
          taken.push(client);
          return client;
        };
      },
    });
  });
  afterAll(() => db.close());

  /** Listens on `channel`; `until(payload)` notifies until the listener has seen it. */
  const listen = (channel: string, retryMs?: number) => {
    const seen: string[] = [];
    const listening = listenForNotifications(pool, [channel], (_, payload) => seen.push(payload), {
      logger,
      ...(retryMs ? { retryMs } : {}),
    });
    const until = async (payload: string) => {
      for (let i = 0; i < 200 && !seen.includes(payload); i++) {
        await db.pool.query("select pg_notify($1, $2)", [channel, payload]);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return seen.includes(payload);
    };
    return { until, close: () => listening.close() };
  };

  it("listens again after its connection is lost, and keeps delivering", async () => {
    const listening = listen("test_live_a", 20);
    try {
      expect(await listening.until("before")).toBe(true);
      const first = taken.at(-1)!;
      first.emit("error", new Error("terminating connection due to administrator command"));
      expect(await listening.until("after")).toBe(true);
      expect(taken.at(-1)).not.toBe(first);
    } finally {
      await listening.close();
    }
  });

  it("lets go of its connection once, even if it reports an error after closing", async () => {
    const listening = listen("test_live_b");
    try {
      expect(await listening.until("ready")).toBe(true);
    } finally {
      await listening.close();
    }
    const client = taken.at(-1)!;
    // Back in the pool, the connection is the pool's: its own listener drops it.
    expect(() =>
      client.emit("error", new Error("terminating connection due to administrator command")),
    ).not.toThrow();
    expect((await db.pool.query("select 1 as one")).rows).toEqual([{ one: 1 }]);
  });
});
