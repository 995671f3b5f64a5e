/**
 * The Telegram webhook route: `POST /telegram/webhook` checks the secret
 * header, drops update ids it has seen and hands the update off; it never runs
 * handlers in the request (Telegram re-sends on timeout, so slow handling must
 * not happen there). Where the update goes is a port, so the same route runs
 * on Node (BullMQ) and on Cloudflare Workers (a Postgres table the Node
 * worker's relay drains): this file imports nothing Node-only but `node:crypto`,
 * which Workers provide under `nodejs_compat`.
 */
import { timingSafeEqual } from "node:crypto";
import type { Update } from "grammy/types";
import { Hono } from "hono";
import type { Data, Tx } from "../db/scoped.ts";
import { withoutControlCharacters } from "../lib/text.ts";
import type { QueueKit } from "../queue/index.ts";
import type { IngestGauge } from "./ingest-first.ts";
import { createUpdateIntake, type Intake, kindOf } from "./update-intake.ts";

/**
 * Where a verified, first-seen update goes. `transaction`: written in the
 * dedupe transaction, so the update and its "seen" mark commit together or not
 * at all. `queue`: enqueued, a batch of concurrent requests at a time, after
 * their dedupe marks are written; if that fails the marks are undone so
 * Telegram's re-sends are processed.
 */
export type UpdateHandoff =
  | { kind: "transaction"; write: (tx: Tx, update: Update) => Promise<void> }
  | { kind: "queue"; enqueue: (updates: Update[]) => Promise<void> };

/** The BullMQ job id of an update: adding the same update twice keeps one job. */
export const updateJobId = (updateId: number) => `tg-${updateId}`;

/** Hands updates to the `updates` queue, where `startUpdateWorker` feeds them to the bot. */
export function queueUpdateHandoff(queues: QueueKit): Extract<UpdateHandoff, { kind: "queue" }> {
  return {
    kind: "queue",
    async enqueue(updates) {
      const queue = queues.queue<Update>("updates");
      if (updates.length === 1) {
        const [update] = updates as [Update];
        await queue.add("update", update, { jobId: updateJobId(update.update_id) });
        return;
      }
      await queue.addBulk(
        updates.map((update) => ({
          name: "update",
          data: update,
          opts: { jobId: updateJobId(update.update_id) },
        })),
      );
    },
  };
}

export type TelegramWebhookOptions = {
  secret: string;
  data: Data;
  /** Counts the requests this route holds open (the update worker of this process yields to them). */
  gauge?: IngestGauge;
} & ({ handoff: UpdateHandoff } | { queues: QueueKit });

const safeEqual = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The edge's intake: the seen mark and the hand-off row commit in one transaction. */
function transactionIntake(data: Data, write: (tx: Tx, update: Update) => Promise<void>): Intake {
  return (update) =>
    data.asService("telegram webhook: dedupe", async (tx) => {
      const { rowCount } = await tx.query(
        `insert into public.webhook_events (provider, event_id, type) values ('telegram', $1, $2)
         on conflict do nothing`,
        [String(update.update_id), kindOf(update)],
      );
      if (rowCount === 0) return "duplicate";
      await write(tx, update);
      return "queued";
    });
}

/** The webhook route: verifies, deduplicates and hands off; never runs handlers in the request. */
export function createTelegramWebhookRoutes(options: TelegramWebhookOptions) {
  const { secret, data, gauge } = options;
  const handoff = "handoff" in options ? options.handoff : queueUpdateHandoff(options.queues);
  const intake =
    handoff.kind === "queue"
      ? createUpdateIntake({ data, enqueue: handoff.enqueue })
      : transactionIntake(data, handoff.write);
  return new Hono().post("/telegram/webhook", async (c) => {
    const given = c.req.header("x-telegram-bot-api-secret-token") ?? "";
    if (!safeEqual(given, secret))
      return c.json({ error: { status: 401, message: "Wrong or missing secret token" } }, 401);
    let update: Update;
    try {
      // No NUL may reach the queue's jsonb (Postgres refuses it): cleaned before the hand-off.
      update = withoutControlCharacters(await c.req.json()) as Update;
    } catch {
      return c.json(
        { error: { status: 400, message: "Body must be a JSON Telegram update" } },
        400,
      );
    }
    if (!Number.isSafeInteger(update?.update_id) || update.update_id < 0) {
      return c.json(
        { error: { status: 400, message: "update_id must be a non-negative integer" } },
        400,
      );
    }
    gauge?.enter();
    try {
      const outcome = await intake(update);
      if (outcome === "duplicate") return c.json({ ok: true, duplicate: true });
      return c.json({ ok: true });
    } finally {
      gauge?.leave();
    }
  });
}
