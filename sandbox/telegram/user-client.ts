import type { Chat, Message, MessageEntity, User } from "grammy/types";
import { type PressedButton, pressButton } from "./button-press.ts";
import type { ChatState, ChatTranscript, WaitOptions } from "./chat-store.ts";
import type { BotRef, BotState, SandboxCore } from "./core.ts";
import { UserActionError } from "./errors.ts";
import { detectEntities } from "./formatting/index.ts";
import { receiveMessage, typedText } from "./incoming.ts";
import type { MessageContent } from "./methods/outgoing.ts";
import type { NewUpdate } from "./update-queue.ts";
import {
  type DocumentInput,
  documentContent,
  type ForwardSource,
  forwardContent,
  type PhotoInput,
  photoContent,
  stickerContent,
  type VoiceInput,
  voiceContent,
} from "./user-content.ts";

export type { PressedButton } from "./button-press.ts";
export type { ForwardSource } from "./user-content.ts";

/** Who a simulated person is. */
export type UserProfile = {
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: true;
};

/** Where an action happens: the private chat by default, or a group the user is in. */
export type ActionOptions = { chatId?: number };
export type SendTextOptions = ActionOptions & { replyTo?: number; entities?: MessageEntity[] };
export type SendPhotoOptions = ActionOptions & PhotoInput;
export type SendDocumentOptions = ActionOptions & DocumentInput;

/** A simulated Telegram user talking to one bot. */
export type UserClient = {
  readonly user: User;
  /** Their private chat with the bot (its id equals the user id). */
  readonly chatId: number;
  sendText(text: string, options?: SendTextOptions): Message;
  /** "/start" or "/start <payload>", as a t.me deep link sends it. */
  start(payload?: string): Message;
  /** Presses a button by callback_data (or `{ text }`); throws if the message has no such button. */
  pressButton(
    message: Message | number,
    button: string | { text: string },
    options?: ActionOptions,
  ): PressedButton;
  sendPhoto(options?: SendPhotoOptions): Message;
  sendDocument(options?: SendDocumentOptions): Message;
  sendSticker(options?: ActionOptions & { emoji?: string }): Message;
  sendVoice(options?: ActionOptions & VoiceInput): Message;
  forward(source: ForwardSource, options?: ActionOptions): Message;
  /** Edits one of the user's own text messages (the bot gets edited_message). */
  editText(messageId: number, text: string, options?: ActionOptions): Message;
  /** Blocks the bot: sends fail with 403 and the bot gets my_chat_member. */
  block(): void;
  unblock(): void;
  transcript(): ChatTranscript;
  waitForBotMessage(options?: WaitOptions): Promise<Message>;
};

/** Creates (or returns) simulated users of the sandbox's bots. */
export type UserDirectory = {
  get(userId: number, profile?: UserProfile, options?: { bot?: BotRef }): UserClient;
  list(): User[];
};

/** Creates the user directory. */
export function createUserDirectory(core: SandboxCore): UserDirectory {
  const clients = new Map<string, UserClient>();
  return {
    get(userId, profile = {}, { bot: ref } = {}) {
      const bot = core.bot(ref);
      const key = `${bot.account.id}:${userId}`;
      const existing = clients.get(key);
      if (existing) return existing;
      if (!Number.isInteger(userId) || userId <= 0)
        throw new UserActionError("User ids are positive");
      const user = core.users.get(userId) ?? registerUser(core, userId, profile);
      const chat: Chat = {
        id: userId,
        type: "private",
        first_name: user.first_name,
        ...(user.last_name ? { last_name: user.last_name } : {}),
        ...(user.username ? { username: user.username } : {}),
      };
      bot.chats.open(chat);
      const client = createUserClient(core, bot, user);
      clients.set(key, client);
      return client;
    },
    list: () => [...core.users.values()],
  };
}

function registerUser(core: SandboxCore, id: number, profile: UserProfile): User {
  const user: User = {
    id,
    is_bot: false,
    first_name: profile.first_name ?? `User ${id}`,
    ...(profile.last_name ? { last_name: profile.last_name } : {}),
    ...(profile.username ? { username: profile.username } : {}),
    ...(profile.language_code ? { language_code: profile.language_code } : {}),
    ...(profile.is_premium ? { is_premium: true as const } : {}),
  };
  core.users.set(id, user);
  return user;
}

function createUserClient(core: SandboxCore, bot: BotState, user: User): UserClient {
  const chatOf = (chatId = user.id): ChatState => {
    const state = bot.chats.get(chatId);
    if (!state) throw new UserActionError(`Chat ${chatId} does not exist in the sandbox`);
    if (state.chat.type === "channel")
      throw new UserActionError("Users do not post in channels; use postToChannel");
    if (state.chat.type !== "private") {
      if (state.members.get(user.id) === "kicked")
        throw new UserActionError(`User ${user.id} was banned from ${chatId}`);
      if (!state.members.has(user.id) || state.members.get(user.id) === "left")
        state.members.set(user.id, "member");
    } else if (chatId !== user.id) {
      throw new UserActionError(
        `User ${user.id} cannot write in someone else's private chat ${chatId}`,
      );
    }
    return state;
  };
  const send = (options: ActionOptions | undefined, content: MessageContent, replyTo?: number) =>
    receiveMessage(core, bot, chatOf(options?.chatId), user, content, replyTo);

  const client: UserClient = {
    user,
    chatId: user.id,
    sendText: (text, options) =>
      send(options, typedText(text, options?.entities), options?.replyTo),
    start: (payload) => client.sendText(payload ? `/start ${payload}` : "/start"),

    pressButton: (message, wanted, options) =>
      pressButton(core, bot, user, chatOf(options?.chatId), message, wanted),
    sendPhoto: (options = {}) => send(options, photoContent(core, options)),
    sendDocument: (options = {}) => send(options, documentContent(core, options)),
    sendSticker: (options = {}) => send(options, stickerContent(core, options.emoji)),
    sendVoice: (options = {}) => send(options, voiceContent(core, options)),
    forward: (source, options) => send(options, forwardContent(core, source)),
    editText(messageId, text, options) {
      const state = chatOf(options?.chatId);
      const stored = bot.chats.find(state.chat.id, messageId);
      if (
        !stored ||
        stored.fromBot ||
        stored.message.from?.id !== user.id ||
        stored.message.text === undefined
      ) {
        throw new UserActionError(
          `User ${user.id} has no text message ${messageId} in chat ${state.chat.id}`,
        );
      }
      const { entities: _old, ...rest } = stored.message;
      const found = detectEntities(text);
      const edited = {
        ...rest,
        text,
        ...(found.length > 0 ? { entities: found } : {}),
        edit_date: core.unixTime(),
      } as Message;
      bot.chats.edit(state.chat.id, edited, false);
      bot.updates.push({ edited_message: edited } as NewUpdate);
      return edited;
    },
    block: () => setBlocked(true),
    unblock: () => setBlocked(false),
    transcript: () => bot.chats.transcript(user.id),
    waitForBotMessage: (options) => bot.chats.waitForBotMessage(user.id, options),
  };

  const setBlocked = (blocked: boolean) => {
    const state = chatOf();
    if (state.blocked === blocked) return;
    state.blocked = blocked;
    const member = {
      user: {
        id: bot.user.id,
        is_bot: true,
        first_name: bot.user.first_name,
        username: bot.user.username,
      },
    };
    bot.updates.push({
      my_chat_member: {
        chat: state.chat,
        from: user,
        date: core.unixTime(),
        old_chat_member: blocked
          ? { ...member, status: "member" }
          : { ...member, status: "kicked", until_date: 0 },
        new_chat_member: blocked
          ? { ...member, status: "kicked", until_date: 0 }
          : { ...member, status: "member" },
      },
    });
  };
  return client;
}
