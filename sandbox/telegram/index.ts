export type { CallCounters, CallFilter, CallRecord, RecordedCall } from "./call-record.ts";
export type {
  ChatEvent,
  ChatMemberStatus,
  ChatTranscript,
  TranscriptEntry,
  WaitOptions,
} from "./chat-store.ts";
export { type BotAccount, type BotRef, type CallbackAnswer, DEFAULT_BOT } from "./core.ts";
export {
  type ChatSummary,
  createTelegramSandbox,
  type TelegramSandbox,
  type TelegramSandboxApi,
  type TelegramSandboxOptions,
} from "./create-sandbox.ts";
export type { BotApiResponse, DispatchResult, Latency } from "./dispatcher.ts";
export { BotApiError, UserActionError, WaitTimeoutError } from "./errors.ts";
export type { InjectedFailure } from "./failure-injection.ts";
export type { FileKind, StoredFile } from "./files.ts";
export {
  createFloodLimiter,
  DEFAULT_FLOOD_LIMITS,
  type FloodLimiter,
  type FloodLimits,
  NO_FLOOD_LIMITS,
  type TokenBucketLimit,
} from "./flood-limiter.ts";
export {
  detectEntities,
  type FormattedText,
  formatCaption,
  formatMessageText,
  parseHtml,
  parseMarkdown,
  parseMarkdownV2,
  TextFormatError,
} from "./formatting/index.ts";
export type { CreateChannelOptions, CreateGroupOptions } from "./group-chats.ts";
export { SUPPORTED_METHODS } from "./methods/index.ts";
export { createSandboxRoutes } from "./sandbox-routes.ts";
export { type RunningTelegramSandbox, startTelegramSandbox } from "./start.ts";
export type {
  ActionOptions,
  ForwardSource,
  PressedButton,
  SendDocumentOptions,
  SendPhotoOptions,
  SendTextOptions,
  UserClient,
  UserDirectory,
  UserProfile,
} from "./user-client.ts";
export type { WebhookTiming } from "./webhook-deliverer.ts";
