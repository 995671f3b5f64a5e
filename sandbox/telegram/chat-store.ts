import type {
  Chat,
  ForceReply,
  MenuButton,
  Message,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
} from "grammy/types";
import { UserActionError, WaitTimeoutError } from "./errors.ts";

/** Something that happened to a message in a chat, in order. */
export type ChatEvent = {
  seq: number;
  botId: number;
  chatId: number;
  kind: "sent" | "edited" | "deleted";
  /** True when the bot did it, false for the (simulated) humans. */
  fromBot: boolean;
  /** The message after the change. */
  message: Message;
};

/** A message as the chat shows it now. */
export type TranscriptEntry = {
  message_id: number;
  from_bot: boolean;
  /** text, or caption for media. */
  text: string | undefined;
  edited: boolean;
  deleted: boolean;
  /** The current Telegram Message (reply_markup, photo, entities …). */
  message: Message;
};

/** A chat and its messages both ways, oldest first. */
export type ChatTranscript = { chat: Chat; messages: TranscriptEntry[] };

export type ChatMemberStatus = "creator" | "administrator" | "member" | "left" | "kicked";

type StoredMessage = { message: Message; fromBot: boolean; edited: boolean; deleted: boolean };
type Waiter = { predicate: (message: Message) => boolean; resolve: (message: Message) => void };

/** One chat between a bot and its people. */
export type ChatState = {
  chat: Chat;
  messages: Map<number, StoredMessage>;
  nextMessageId: number;
  /** A private chat whose user blocked the bot. */
  blocked: boolean;
  /** Group members by user id (the bot included). */
  members: Map<number, ChatMemberStatus>;
  lastAction?: { action: string; at: number };
  menuButton?: MenuButton;
  /** The reply keyboard the bot last showed (or removed) in this chat. */
  keyboard?: ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;
  botEvents: ChatEvent[];
  readCursor: number;
  waiters: Set<Waiter>;
};

export type WaitOptions = { timeoutMs?: number; predicate?: (message: Message) => boolean };

/** The chats of one bot. */
export type ChatStore = ReturnType<typeof createChatStore>;

/** Creates the chat store of one bot; `emit` sees every message event. */
export function createChatStore({
  botId,
  emit,
}: {
  botId: number;
  emit: (event: ChatEvent) => void;
}) {
  const chats = new Map<number, ChatState>();
  let seq = 0;

  const require = (chatId: number): ChatState => {
    const chat = chats.get(chatId);
    if (!chat) throw new UserActionError(`Chat ${chatId} does not exist in the sandbox`);
    return chat;
  };

  const record = (
    state: ChatState,
    kind: ChatEvent["kind"],
    message: Message,
    fromBot: boolean,
  ) => {
    const event: ChatEvent = { seq: ++seq, botId, chatId: state.chat.id, kind, fromBot, message };
    if (fromBot && kind !== "deleted") {
      state.botEvents.push(event);
      for (const waiter of state.waiters) {
        if (!waiter.predicate(message)) continue;
        state.readCursor = state.botEvents.length;
        state.waiters.delete(waiter);
        waiter.resolve(message);
        break;
      }
    }
    emit(event);
  };

  return {
    get: (chatId: number) => chats.get(chatId),
    require,
    list: () => [...chats.values()],
    byUsername: (username: string) =>
      [...chats.values()].find(
        (c) =>
          c.chat.type !== "private" && c.chat.username?.toLowerCase() === username.toLowerCase(),
      ),

    /** Opens (or returns) a chat. */
    open(chat: Chat): ChatState {
      const existing = chats.get(chat.id);
      if (existing) return existing;
      const state: ChatState = {
        chat,
        messages: new Map(),
        nextMessageId: 1,
        blocked: false,
        members: new Map(),
        botEvents: [],
        readCursor: 0,
        waiters: new Set(),
      };
      chats.set(chat.id, state);
      return state;
    },

    /** Adds a message with the chat's next message_id. */
    append(chatId: number, fromBot: boolean, build: (messageId: number) => Message): Message {
      const state = require(chatId);
      const message = build(state.nextMessageId++);
      state.messages.set(message.message_id, { message, fromBot, edited: false, deleted: false });
      if (!fromBot) state.readCursor = state.botEvents.length;
      record(state, "sent", message, fromBot);
      return message;
    },

    /** A message that exists and is not deleted. */
    find(chatId: number, messageId: number) {
      const stored = chats.get(chatId)?.messages.get(messageId);
      return stored && !stored.deleted ? stored : undefined;
    },

    /** Replaces a message with its edited version. */
    edit(chatId: number, message: Message, byBot: boolean): void {
      const state = require(chatId);
      const stored = state.messages.get(message.message_id);
      if (!stored) return;
      stored.message = message;
      stored.edited = true;
      if (!byBot) state.readCursor = state.botEvents.length;
      record(state, "edited", message, byBot);
    },

    /** Marks a message deleted; the transcript keeps it with `deleted: true`. */
    remove(chatId: number, messageId: number, byBot: boolean): void {
      const state = require(chatId);
      const stored = state.messages.get(messageId);
      if (!stored || stored.deleted) return;
      stored.deleted = true;
      record(state, "deleted", stored.message, byBot);
    },

    /** A human did something in the chat: later waits look only at what the bot does next. */
    userActed(chatId: number): void {
      const state = require(chatId);
      state.readCursor = state.botEvents.length;
    },

    /**
     * The next message the bot sends or edits in the chat after the last
     * human action (or the last message this returned). Resolves at once if
     * that already happened.
     */
    waitForBotMessage(
      chatId: number,
      { timeoutMs = 5000, predicate = () => true }: WaitOptions = {},
    ) {
      const state = require(chatId);
      while (state.readCursor < state.botEvents.length) {
        const event = state.botEvents[state.readCursor++];
        if (event && predicate(event.message)) return Promise.resolve(event.message);
      }
      return new Promise<Message>((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve: (message) => {
            clearTimeout(timer);
            resolve(message);
          },
        };
        const timer = setTimeout(() => {
          state.waiters.delete(waiter);
          reject(new WaitTimeoutError(timeoutMessage(state, timeoutMs)));
        }, timeoutMs);
        state.waiters.add(waiter);
      });
    },

    transcript(chatId: number): ChatTranscript {
      const state = require(chatId);
      const messages = [...state.messages.values()].map(
        (m): TranscriptEntry => ({
          message_id: m.message.message_id,
          from_bot: m.fromBot,
          text: m.message.text ?? m.message.caption,
          edited: m.edited,
          deleted: m.deleted,
          message: m.message,
        }),
      );
      return { chat: state.chat, messages };
    },
  };
}

function timeoutMessage(state: ChatState, timeoutMs: number): string {
  const tail = [...state.messages.values()]
    .slice(-5)
    .map(
      (m) =>
        `  ${m.fromBot ? "bot" : "user"} #${m.message.message_id}: ${m.message.text ?? m.message.caption ?? "(media)"}`,
    )
    .join("\n");
  return `No new bot message in chat ${state.chat.id} within ${timeoutMs} ms. Last messages:\n${tail || "  (none)"}`;
}
