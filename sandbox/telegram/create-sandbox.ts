import type { BotCommand, Chat, Message, Update } from "grammy/types";
import { Hono } from "hono";
import { createBotApiRoutes } from "./bot-api-routes.ts";
import { type CallRecord, createCallRecord } from "./call-record.ts";
import type { ChatEvent, ChatTranscript, TranscriptEntry, WaitOptions } from "./chat-store.ts";
import { effectiveCommands } from "./commands.ts";
import {
  type BotAccount,
  type BotRef,
  type CallbackAnswer,
  createCore,
  DEFAULT_BOT,
} from "./core.ts";
import { createDispatcher, type Latency } from "./dispatcher.ts";
import { createFailureInjector, type InjectedFailure } from "./failure-injection.ts";
import { createFileStore, type StoredFile } from "./files.ts";
import {
  createFloodLimiter,
  DEFAULT_FLOOD_LIMITS,
  type FloodLimits,
  NO_FLOOD_LIMITS,
} from "./flood-limiter.ts";
import {
  type CreateChannelOptions,
  type CreateGroupOptions,
  createGroupChats,
} from "./group-chats.ts";
import { webhookInfo } from "./methods/index.ts";
import { createSandboxRoutes } from "./sandbox-routes.ts";
import { createUserDirectory, type UserDirectory } from "./user-client.ts";
import type { WebhookTiming } from "./webhook-deliverer.ts";
import { fetchTransport, nodeHttpTransport, type WebhookTransport } from "./webhook-transport.ts";

export type TelegramSandboxOptions = {
  /** Registered bots; the first is the default. Default: DEFAULT_BOT. */
  bots?: BotAccount[];
  /** The clock (ms) for message dates, flood limits and callback expiry. Default Date.now. */
  now?: () => number;
  /** Flood limits: false for none, or overrides of DEFAULT_FLOOD_LIMITS. */
  limits?: Partial<FloodLimits> | false;
  /** Delay before each Bot API answer (ms, or per method). */
  latencyMs?: Latency;
  /** Webhook timing (defaults: 60 s timeout, 1 s retry base, 60 s max) and whether http:// is refused. */
  webhook?: Partial<WebhookTiming> & { requireHttps?: boolean };
  /** How long a callback query may be answered; default 15 s like Telegram. */
  callbackQueryTtlMs?: number;
  /** fetch for photos sent by URL and, when given, webhook delivery (default: node:http keep-alive). */
  fetch?: typeof fetch;
  /** The call record keeps at most this many calls (counters stay exact). */
  maxRecordedCalls?: number;
};

/** A chat in the list of chats. */
export type ChatSummary = {
  chat: Chat;
  message_count: number;
  last_message?: TranscriptEntry;
};

/** The sandbox without its HTTP app: what tests and the /_sandbox routes use. */
export type TelegramSandboxApi = {
  bots: BotAccount[];
  defaultBot: BotAccount;
  users: UserDirectory;
  calls: CallRecord;
  files: {
    read(fileId: string): Uint8Array | undefined;
    get(fileId: string): StoredFile | undefined;
  };
  createGroup(options: CreateGroupOptions): Chat;
  createChannel(options: CreateChannelOptions): Chat;
  postToChannel(channelId: number, text: string, options?: { bot?: BotRef }): Message;
  /** The transcript of a chat, both directions, with edits and deletions applied. */
  chat(chatId: number, options?: { bot?: BotRef }): ChatTranscript;
  chats(options?: { bot?: BotRef }): ChatSummary[];
  /** Resolves with the next message the bot sends or edits in the chat (see ChatStore). */
  waitForBotMessage(chatId: number, options?: WaitOptions & { bot?: BotRef }): Promise<Message>;
  /** The chat action (typing …) the bot showed in the last 5 s, if any. */
  chatAction(chatId: number, options?: { bot?: BotRef }): string | undefined;
  /** The command menu a user sees in a chat. */
  commandsFor(query: {
    chatId: number;
    userId?: number;
    languageCode?: string;
    bot?: BotRef;
  }): BotCommand[];
  callbackAnswer(callbackQueryId: string, options?: { bot?: BotRef }): CallbackAnswer | undefined;
  webhookInfo(options?: { bot?: BotRef }): ReturnType<typeof webhookInfo>;
  pendingUpdates(options?: { bot?: BotRef }): Update[];
  /** Whether a getUpdates request of the bot is waiting right now. */
  isPolling(options?: { bot?: BotRef }): boolean;
  /** The next `count` calls of a method fail (see InjectedFailure). */
  failNext(method: string, failure?: InjectedFailure): void;
  setLatency(latency: Latency): void;
  /** Forgets flood-limit history. */
  resetFloodLimits(): void;
  /** Sees every message sent, edited or deleted in any chat. */
  onEvent(listener: (event: ChatEvent) => void): () => void;
  /** Stops webhook delivery and ends waiting long polls. */
  close(): Promise<void>;
};

/** A local Telegram Bot API: `app` serves it, the rest drives and inspects it. */
export type TelegramSandbox = TelegramSandboxApi & { app: Hono };

const CHAT_ACTION_SECONDS = 5;

/** Creates a sandbox Telegram Bot API server (serve `app`, e.g. with lib/listen). */
export function createTelegramSandbox(options: TelegramSandboxOptions = {}): TelegramSandbox {
  const now = options.now ?? Date.now;
  const accounts = options.bots && options.bots.length > 0 ? options.bots : [DEFAULT_BOT];
  assertDistinct(accounts);
  const limits =
    options.limits === false
      ? NO_FLOOD_LIMITS
      : { ...DEFAULT_FLOOD_LIMITS, ...(options.limits ?? {}) };
  const files = createFileStore();
  const transport: WebhookTransport & { close?: () => void } = options.fetch
    ? fetchTransport(options.fetch)
    : nodeHttpTransport();
  const core = createCore({
    accounts,
    now,
    files,
    limiter: createFloodLimiter({ limits, now }),
    settings: {
      limits,
      webhook: {
        timeoutMs: options.webhook?.timeoutMs ?? 60_000,
        retryBaseMs: options.webhook?.retryBaseMs ?? 1000,
        retryMaxMs: options.webhook?.retryMaxMs ?? 60_000,
        requireHttps: options.webhook?.requireHttps ?? false,
      },
      callbackQueryTtlMs: options.callbackQueryTtlMs ?? 15_000,
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      webhookTransport: transport,
    },
  });
  const calls = createCallRecord(
    options.maxRecordedCalls === undefined ? {} : { limit: options.maxRecordedCalls },
  );
  const failures = createFailureInjector();
  let latency: Latency = options.latencyMs ?? 0;
  const dispatcher = createDispatcher({ core, calls, failures, latency: () => latency });
  const groups = createGroupChats(core);

  const api: TelegramSandboxApi = {
    bots: accounts,
    defaultBot: accounts[0] as BotAccount,
    users: createUserDirectory(core),
    calls,
    files: { read: (id) => files.read(id), get: (id) => files.get(id) },
    createGroup: groups.createGroup,
    createChannel: groups.createChannel,
    postToChannel: groups.postToChannel,
    chat: (chatId, { bot } = {}) => core.bot(bot).chats.transcript(chatId),
    chats: ({ bot } = {}) =>
      core
        .bot(bot)
        .chats.list()
        .map((state) => {
          const { messages } = core.bot(bot).chats.transcript(state.chat.id);
          const last = messages.at(-1);
          return {
            chat: state.chat,
            message_count: messages.length,
            ...(last ? { last_message: last } : {}),
          };
        }),
    waitForBotMessage: (chatId, { bot, ...wait } = {}) =>
      core.bot(bot).chats.waitForBotMessage(chatId, wait),
    chatAction(chatId, { bot } = {}) {
      const action = core.bot(bot).chats.get(chatId)?.lastAction;
      return action && now() - action.at < CHAT_ACTION_SECONDS * 1000 ? action.action : undefined;
    },
    commandsFor: ({ bot, ...query }) => effectiveCommands(core.bot(bot), query),
    callbackAnswer: (id, { bot } = {}) => core.bot(bot).callbackQueries.get(id)?.answer,
    webhookInfo: ({ bot } = {}) => webhookInfo(core.bot(bot)),
    pendingUpdates: ({ bot } = {}) => core.bot(bot).updates.all(),
    isPolling: ({ bot } = {}) => core.bot(bot).poller.waiting,
    failNext: (method, failure) => failures.failNext(method, failure),
    setLatency(value) {
      latency = value;
    },
    resetFloodLimits: () => core.limiter.reset(),
    onEvent(listener) {
      core.listeners.add(listener);
      return () => core.listeners.delete(listener);
    },
    async close() {
      for (const bot of core.bots) {
        bot.webhook?.deliverer.stop();
        delete bot.webhook;
        bot.poller.release();
      }
      transport.close?.();
    },
  };

  const app = new Hono();
  app.route("/_sandbox", createSandboxRoutes(api));
  app.route("/", createBotApiRoutes({ core, dispatcher }));
  app.notFound((c) => c.json({ ok: false, error_code: 404, description: "Not Found" }, 404));
  return { ...api, app };
}

function assertDistinct(accounts: BotAccount[]): void {
  for (const key of ["token", "id", "username"] as const) {
    const values = new Set(accounts.map((a) => String(a[key]).toLowerCase()));
    if (values.size !== accounts.length) throw new Error(`Sandbox bots need distinct ${key}s`);
  }
}
