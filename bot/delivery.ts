/**
 * Getting updates in. Webhook mode: the route in `webhook.ts` verifies,
 * deduplicates and hands each update off (to the `updates` queue here, or to
 * Postgres on the edge, which `edge/relay.ts` moves onto the queue); a worker
 * feeds queued updates to the bot, one at a time per chat. Polling mode:
 * @grammyjs/runner with per-chat sequencing.
 */
import { run } from "@grammyjs/runner";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "../observability/index.ts";
import type { QueueKit } from "../queue/index.ts";
import type { MouseContext } from "./context.ts";
import { type IngestGauge, yieldToIngest } from "./ingest-first.ts";

function chatKey(update: Update): string {
  const chat =
    update.message?.chat ??
    update.edited_message?.chat ??
    update.callback_query?.message?.chat ??
    update.channel_post?.chat;
  return String(chat?.id ?? update.callback_query?.from.id ?? update.update_id);
}

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
 * Feeds queued webhook updates to the bot; updates of one chat run in order
 * within this process. Given the gauge of this process's webhook route, the
 * worker takes `busyConcurrency` jobs at a time while requests pile up there
 * (`ingest-first.ts`).
 */
export function startUpdateWorker({
  bot,
  queues,
  concurrency = UPDATE_CONCURRENCY,
  busyConcurrency = 2,
  yieldTo,
}: {
  bot: Bot<MouseContext>;
  queues: QueueKit;
  concurrency?: number;
  busyConcurrency?: number;
  yieldTo?: IngestGauge;
}) {
  const chains = new Map<string, Promise<unknown>>();
  const worker = queues.worker<Update>(
    "updates",
    async (job) => {
      const key = chatKey(job.data);
      const previous = chains.get(key) ?? Promise.resolve();
      const current = previous.catch(() => {}).then(() => bot.handleUpdate(job.data));
      chains.set(key, current);
      try {
        await current;
      } finally {
        if (chains.get(key) === current) chains.delete(key);
      }
    },
    { concurrency },
  );
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
