import type { BotCommand, CallbackQuery, MenuButton, User, UserFromGetMe } from "grammy/types";
import { type ChatEvent, type ChatStore, createChatStore } from "./chat-store.ts";
import { UserActionError } from "./errors.ts";
import type { FileStore } from "./files.ts";
import type { FloodLimiter, FloodLimits } from "./flood-limiter.ts";
import { createLongPoller, type LongPoller } from "./long-poll.ts";
import { createUpdateQueue, type UpdateQueue } from "./update-queue.ts";
import type {
  WebhookDeliverer,
  WebhookError,
  WebhookTarget,
  WebhookTiming,
} from "./webhook-deliverer.ts";
import type { WebhookTransport } from "./webhook-transport.ts";

/** A bot registered in the sandbox. */
export type BotAccount = {
  token: string;
  id: number;
  username: string;
  first_name: string;
  last_name?: string;
  can_join_groups?: boolean;
  can_read_all_group_messages?: boolean;
  supports_inline_queries?: boolean;
};

/** The bot a sandbox has when none are given. */
export const DEFAULT_BOT: BotAccount = {
  token: "7000000001:AAE-sandbox-default-bot-token-000000",
  id: 7000000001,
  username: "sandbox_bot",
  first_name: "Sandbox Bot",
};

/** How a callback query was answered (answerCallbackQuery). */
export type CallbackAnswer = {
  text?: string;
  show_alert: boolean;
  url?: string;
  cache_time?: number;
};

/** A callback query the bot may still answer. */
export type CallbackQueryState = {
  query: CallbackQuery;
  createdAt: number;
  answer?: CallbackAnswer;
  waiters: ((answer: CallbackAnswer) => void)[];
};

/** Everything the sandbox knows about one bot. */
export type BotState = {
  account: BotAccount;
  user: UserFromGetMe;
  chats: ChatStore;
  updates: UpdateQueue;
  poller: LongPoller;
  webhook?: { target: WebhookTarget; deliverer: WebhookDeliverer };
  lastWebhookError?: WebhookError;
  lastWebhookSetAt?: number;
  /** Command lists by scope+language key. */
  commands: Map<string, BotCommand[]>;
  defaultMenuButton: MenuButton;
  callbackQueries: Map<string, CallbackQueryState>;
  /** setMyDescription / setMyShortDescription / setMyName, by language code. */
  profile: {
    description: Map<string, string>;
    short_description: Map<string, string>;
    name: Map<string, string>;
  };
};

/** A way to name a bot: its token, username (with or without @) or id. */
export type BotRef = string | number;

/** Resolved settings of a sandbox. */
export type SandboxSettings = {
  limits: FloodLimits;
  webhook: WebhookTiming & { requireHttps: boolean };
  callbackQueryTtlMs: number;
  /** For photos sent by URL. */
  fetch: typeof fetch;
  /** For webhook delivery. */
  webhookTransport: WebhookTransport;
};

/** The shared state every part of the sandbox works on. */
export type SandboxCore = ReturnType<typeof createCore>;

/** Wires the bots, people, files and clock together. */
export function createCore({
  accounts,
  now,
  files,
  limiter,
  settings,
}: {
  accounts: BotAccount[];
  now: () => number;
  files: FileStore;
  limiter: FloodLimiter;
  settings: SandboxSettings;
}) {
  const listeners = new Set<(event: ChatEvent) => void>();
  const emit = (event: ChatEvent) => {
    for (const listener of listeners) listener(event);
  };
  const bots = accounts.map((account, index): BotState => {
    const updates = createUpdateQueue({ firstId: 700_000_001 + index * 10_000_000 });
    return {
      account,
      user: {
        id: account.id,
        is_bot: true,
        first_name: account.first_name,
        ...(account.last_name ? { last_name: account.last_name } : {}),
        username: account.username,
        can_join_groups: account.can_join_groups ?? true,
        can_read_all_group_messages: account.can_read_all_group_messages ?? false,
        supports_inline_queries: account.supports_inline_queries ?? false,
        can_connect_to_business: false,
        has_main_web_app: false,
        has_topics_enabled: false,
        allows_users_to_create_topics: false,
        can_manage_bots: false,
        supports_join_request_queries: false,
      },
      chats: createChatStore({ botId: account.id, emit }),
      updates,
      poller: createLongPoller(updates),
      commands: new Map(),
      defaultMenuButton: { type: "commands" },
      callbackQueries: new Map(),
      profile: { description: new Map(), short_description: new Map(), name: new Map() },
    };
  });
  const byToken = new Map(bots.map((b) => [b.account.token, b]));
  const users = new Map<number, User>();
  let callbackCounter = 0;

  return {
    now,
    bots,
    users,
    files,
    limiter,
    settings,
    listeners,
    botByToken: (token: string) => byToken.get(token),
    /** The bot named by `ref`, or the first (default) bot. */
    bot(ref?: BotRef): BotState {
      if (ref === undefined) return bots[0] as BotState;
      const name = String(ref).replace(/^@/, "").toLowerCase();
      const found = bots.find(
        (b) =>
          b.account.token === ref ||
          String(b.account.id) === String(ref) ||
          b.account.username.toLowerCase() === name,
      );
      if (!found) throw new UserActionError(`No sandbox bot "${ref}"`);
      return found;
    },
    /** A fresh callback query id, shaped like Telegram's (a big decimal). */
    nextCallbackId: () => `${4_000_000_000_000_000_000n + BigInt(++callbackCounter) * 7_919n}`,
    /** Unix seconds on the sandbox clock. */
    unixTime: () => Math.floor(now() / 1000),
  };
}
