/**
 * Getting updates in. Webhook mode: the route in `webhook.ts` verifies,
 * deduplicates and hands each update off (to the `updates` queue here, or to
 * Postgres on the edge, which `edge/relay.ts` moves onto the queue); a worker
 * feeds queued updates to the bot, one at a time per chat. Polling mode:
 * @grammyjs/runner with per-chat sequencing.
 */
import { run } from "@grammyjs/runner";
import { DelayedError } from "bullmq";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "../observability/index.ts";
import type { QueueKit } from "../queue/index.ts";
import type { ChatOrder } from "./chat-order.ts";
import type { MouseContext } from "./context.ts";
import { type IngestGauge, yieldToIngest } from "./ingest-first.ts";
import { divertingReplies, nudgeReplies } from "./replies.ts";
import { chatKeyOf } from "./update-intake.ts";

/** How soon an update whose chat is busy elsewhere is looked at again. */
export const TURN_RETRY_MS = 100;

/**
 * How many queued updates the worker handles at once while the webhook route
 * is quiet. Handling an update is mostly waiting (Postgres, Redis, Telegram),
 * so more at once drains a backlog faster until the CPU is the limit: on two
 * cores, 16 handled 1,234 updates/s, 48 handled 1,609/s and 96 no more
 * (1,599/s; `BENCH_DRAIN_MS=60000 npm run bench -- --only webhook`). Updates
 * of one chat still run one after another.
 */
export const UPDATE_CONCURRENCY = 48;

/**
 * Feeds queued webhook updates to the bot. Updates of one chat run one at a
 * time in Telegram's order whichever process takes them (`chat-order.ts`):
 * within this process they are chained, and an update whose chat still has
 * an earlier one pending (in another process, or not yet taken) goes back to
 * the queue for {@link TURN_RETRY_MS}. The replies an update produces are
 * kept in Postgres and sent by the outbox (`replies.ts`). Given the gauge of
 * this process's webhook route, the worker takes `busyConcurrency` jobs at a
 * time while requests pile up there (`ingest-first.ts`).
 */
export function startUpdateWorker({
  bot,
  queues,
  order,
  logger,
  concurrency = UPDATE_CONCURRENCY,
  busyConcurrency = 2,
  yieldTo,
}: {
  bot: Bot<MouseContext>;
  queues: QueueKit;
  order: ChatOrder;
  logger?: Logger;
  concurrency?: number;
  busyConcurrency?: number;
  yieldTo?: IngestGauge;
}) {
  const chains = new Map<string, Promise<unknown>>();
  const handle = async (update: Update, key: string | undefined) => {
    const chats = await divertingReplies(update.update_id, () => bot.handleUpdate(update));
    if (key !== undefined) await order.done(key, update.update_id);
    await nudgeReplies(queues, chats);
  };
  const worker = queues.worker<Update>(
    "updates",
    async (job, token) => {
      const update = job.data;
      const key = chatKeyOf(update);
      if (key === undefined) return handle(update, key);
      const previous = chains.get(key) ?? Promise.resolve();
      const current = previous
        .catch(() => {})
        .then(async () => {
          const turn = await order.turnOf(key, update.update_id);
          if (turn === "wait") return "later" as const;
          if (turn === "go") await handle(update, key);
          return "done" as const;
        });
      chains.set(key, current);
      let outcome: "later" | "done";
      try {
        outcome = await current;
      } finally {
        if (chains.get(key) === current) chains.delete(key);
      }
      if (outcome === "later") {
        await job.moveToDelayed(Date.now() + TURN_RETRY_MS, token);
        throw new DelayedError();
      }
    },
    { concurrency },
  );
  // An update given up for good must not hold its chat back: its mark is cleared.
  worker.on("failed", (job, err) => {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    logger?.error({ err, updateId: job.data.update_id }, "update given up after its retries");
    const key = chatKeyOf(job.data);
    if (key !== undefined) void order.done(key, job.data.update_id).catch(() => {});
  });
  if (yieldTo) {
    const yielding = yieldToIngest(worker, yieldTo, {
      full: concurrency,
      reduced: Math.min(busyConcurrency, concurrency),
    });
    worker.on("closing", yielding.stop);
  }
  return worker;
}

/** Long polling for development and single-instance deployments. Returns a stop function. */
export async function startPolling(
  bot: Bot<MouseContext>,
  logger: Logger,
): Promise<() => Promise<void>> {
  await bot.api.deleteWebhook();
  const runner = run(bot, {
    runner: {
      fetch: { allowed_updates: ["message", "edited_message", "callback_query", "channel_post"] },
    },
  });
  logger.info("telegram: long polling");
  return async () => {
    if (runner.isRunning()) await runner.stop();
  };
}
