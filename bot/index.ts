export { type CallbackSigner, createCallbackSigner } from "./callback-data.ts";
export { type ChatOrder, createChatOrder } from "./chat-order.ts";
export { CUSTOMER_COMMANDS, registerCommands } from "./commands.ts";
export type { Caller, MouseContext } from "./context.ts";
export { type BotDeps, createBot, SORRY } from "./create-bot.ts";
export { startPolling, startUpdateWorker, UPDATE_CONCURRENCY } from "./delivery.ts";
export { ADMIN_COMMANDS } from "./features/admin.ts";
export { approvalButtons } from "./features/approvals.ts";
export { helpText } from "./features/customer.ts";
export { UNKNOWN_COMMAND } from "./features/fallback.ts";
export { createIngestGauge, type IngestGauge } from "./ingest-first.ts";
export {
  BROADCAST_PRIORITY,
  createOutboxNotifier,
  OUTBOX_LIMIT,
  type OutboxJob,
  STATUS_EDIT_INTERVAL_MS,
  startOutboxWorker,
} from "./outbox.ts";
export type {
  BillingPort,
  BrainPort,
  FilesPort,
  KnightsPort,
  PastedLoginsPort,
  SchedulesPort,
} from "./ports.ts";
export {
  REPLIES_RELAY_JOB,
  relayReplies,
  scheduleRepliesRelay,
  sendReplies,
} from "./replies.ts";
export { escapeHtml, MAX_MESSAGE_LENGTH, sanitizeForTelegram, splitMessage } from "./text.ts";
export {
  createTelegramWebhookRoutes,
  queueUpdateHandoff,
  type TelegramWebhookOptions,
  type UpdateHandoff,
  updateJobId,
} from "./webhook.ts";
