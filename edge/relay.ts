/**
 * The Node worker's half of the edge hand-off: the maintenance job
 * `telegram.relay` moves rows of `public.edge_handoffs` onto BullMQ (updates
 * to the `updates` queue under the same job id the Node webhook route uses,
 * messages through the outbox notifier) and deletes them.
 *
 * Rows are claimed under a short lease and delivered outside any transaction
 * (on embedded PGlite a transaction holds the whole database, and BullMQ's
 * Postgres backend shares it). A relay that dies between enqueueing and
 * deleting leaves its rows to be delivered again once the lease ends: updates
 * are then deduplicated by their job id; a message could be sent twice.
 */

import { queueUpdateHandoff } from "../bot/webhook.ts";
import type { Data } from "../db/scoped.ts";
import type { Notifier } from "../notify/index.ts";
import type { Logger } from "../observability/index.ts";
import type { QueueKit } from "../queue/index.ts";
import { type Handoff, loadMessage } from "./handoffs.ts";

/** The maintenance job (and its scheduler id) that runs the relay. */
export const TELEGRAM_RELAY_JOB = "telegram.relay";

export type RelayDeps = {
  data: Data;
  queues: QueueKit;
  /** Where handed-off messages go: the outbox notifier on Node. */
  notifier: Notifier;
  logger?: Logger;
};

export type RelayOptions = {
  /** Rows claimed per round. Default 100. */
  batch?: number;
  /** How long a claim holds before another relay may take the rows. Default 30 s. */
  leaseMs?: number;
  /** Rounds per run, so one run cannot hold a maintenance slot forever. Default 20. */
  maxRounds?: number;
};

type Row = Handoff & { id: string };

async function claim(data: Data, batch: number, leaseMs: number): Promise<Row[]> {
  const rows = await data.asService("edge relay: claim", async (tx) => {
    const { rows } = await tx.query<Row>(
      `update public.edge_handoffs h
          set claimed_until = now() + make_interval(secs => $2::double precision / 1000)
        where h.id in (select id from public.edge_handoffs
                        where claimed_until is null or claimed_until < now()
                        order by id limit $1 for update skip locked)
        returning h.id::text as id, h.kind, h.payload`,
      [batch, leaseMs],
    );
    return rows;
  });
  // Delivered in the order the edge wrote them: one chat's updates must stay in order.
  return rows.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}

/**
 * Relays every pending hand-off. Stops a round at the first failure (the
 * queue is down, most likely) and releases the rows it did not deliver, so
 * the next run retries them in order. Returns how many rows it delivered.
 */
export async function relayHandoffs(
  { data, queues, notifier, logger }: RelayDeps,
  { batch = 100, leaseMs = 30_000, maxRounds = 20 }: RelayOptions = {},
): Promise<{ relayed: number }> {
  const updates = queueUpdateHandoff(queues);
  const deliver = async (row: Row) => {
    if (row.kind === "telegram_update") await updates.enqueue([row.payload]);
    else if (row.kind === "telegram_message") await notifier.send(loadMessage(row.payload));
    else if (row.kind === "telegram_status")
      await notifier.status(row.payload.key, row.payload.message);
  };
  let relayed = 0;
  for (let round = 0; round < maxRounds; round++) {
    const rows = await claim(data, batch, leaseMs);
    const done: string[] = [];
    let failure: unknown;
    for (const row of rows) {
      try {
        await deliver(row);
        done.push(row.id);
      } catch (error) {
        failure = error;
        break;
      }
    }
    const left = rows.filter((r) => !done.includes(r.id)).map((r) => r.id);
    await data.asService("edge relay: settle", async (tx) => {
      if (done.length > 0)
        await tx.query("delete from public.edge_handoffs where id = any($1::bigint[])", [done]);
      if (left.length > 0)
        await tx.query(
          "update public.edge_handoffs set claimed_until = null where id = any($1::bigint[])",
          [left],
        );
    });
    relayed += done.length;
    if (failure !== undefined) {
      logger?.warn({ err: failure, pending: left.length }, "edge relay: delivery failed; retrying");
      throw failure;
    }
    if (rows.length < batch) break;
  }
  return { relayed };
}

/** Schedules the relay on the maintenance queue (idempotent; every worker may call it). */
export async function scheduleTelegramRelay(
  queues: QueueKit,
  { everyMs = 1_000 }: { everyMs?: number } = {},
): Promise<void> {
  await queues.queue("maintenance").upsertJobScheduler(
    TELEGRAM_RELAY_JOB,
    { every: everyMs },
    // A run every second would otherwise keep a thousand finished jobs around.
    { name: TELEGRAM_RELAY_JOB, opts: { removeOnComplete: true, removeOnFail: 100 } },
  );
}
