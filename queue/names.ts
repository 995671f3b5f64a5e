/**
 * The queues' names by role, apart from the queue kit so that code which only
 * names queues (the admin health page) does not load BullMQ: the Cloudflare
 * Worker serves those pages and must not bundle it.
 */

/** Every queue the product uses, by role. Names never contain `:`. */
export const QUEUE_NAMES = {
  /** Knight runs: one job per task, job id = task id. */
  knights: "knights",
  /** Outgoing Telegram traffic, rate-limited under the Bot API's flood limits. */
  outbox: "telegram-outbox",
  /** A chat's replies, kept in Postgres and sent in order (only a chat id rides in a job). */
  replies: "telegram-replies",
  /** Incoming Telegram updates taken by the webhook, processed off the request. */
  updates: "telegram-updates",
  /** What an approval unlocks, run once its decision committed: one job per approval. */
  approvals: "approval-effects",
  /** The customers' schedules: one due-scan job a second (`schedules/`). */
  schedules: "schedules",
  /** Replays of finished knight tasks, built off the knights' hot path. */
  replays: "knight-replays",
  /** Scheduled housekeeping: relay, VM reaper, meter reporting. */
  maintenance: "maintenance",
} as const;

export type QueueRole = keyof typeof QUEUE_NAMES;
