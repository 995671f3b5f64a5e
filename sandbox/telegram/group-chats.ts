import type { Chat, Message } from "grammy/types";
import type { ChatMemberStatus } from "./chat-store.ts";
import type { BotRef, SandboxCore } from "./core.ts";
import { UserActionError } from "./errors.ts";
import { receiveMessage, typedText } from "./incoming.ts";

export type CreateGroupOptions = {
  title: string;
  /** Negative; generated when omitted. */
  id?: number;
  /** Default "supergroup". */
  type?: "group" | "supergroup";
  username?: string;
  bot?: BotRef;
  /** The bot's membership; default "administrator" (so it sees and may delete messages). */
  botStatus?: ChatMemberStatus;
  /** User ids already in the group, with their status. */
  members?: Record<number, ChatMemberStatus>;
};

export type CreateChannelOptions = {
  title: string;
  id?: number;
  username?: string;
  bot?: BotRef;
  botStatus?: ChatMemberStatus;
};

/** Group and channel chats for the sandbox's bots. */
export type GroupChats = ReturnType<typeof createGroupChats>;

/** Creates the group/channel helpers. Ids follow Telegram: groups -4…, supergroups/channels -100…. */
export function createGroupChats(core: SandboxCore) {
  let counter = 0;
  const nextId = (type: Chat["type"]) =>
    type === "group" ? -(4_100_000_000 + ++counter) : -(1_002_000_000_000 + ++counter);

  const open = (chat: Chat, botRef: BotRef | undefined, botStatus: ChatMemberStatus) => {
    const bot = core.bot(botRef);
    if (bot.chats.get(chat.id)) throw new UserActionError(`Chat ${chat.id} already exists`);
    if (chat.id >= 0) throw new UserActionError("Group and channel ids are negative");
    const state = bot.chats.open(chat);
    state.members.set(bot.account.id, botStatus);
    return state;
  };

  return {
    /** A group or supergroup with the bot in it. */
    createGroup(options: CreateGroupOptions): Chat {
      const type = options.type ?? "supergroup";
      const chat = {
        id: options.id ?? nextId(type),
        type,
        title: options.title,
        ...(type === "supergroup" && options.username ? { username: options.username } : {}),
      } as Chat;
      const state = open(chat, options.bot, options.botStatus ?? "administrator");
      for (const [userId, status] of Object.entries(options.members ?? {})) {
        state.members.set(Number(userId), status);
      }
      return chat;
    },
    /** A channel the bot administers. */
    createChannel(options: CreateChannelOptions): Chat {
      const chat: Chat = {
        id: options.id ?? nextId("channel"),
        type: "channel",
        title: options.title,
        ...(options.username ? { username: options.username } : {}),
      };
      open(chat, options.bot, options.botStatus ?? "administrator");
      return chat;
    },
    /** A post in a channel (the bot gets channel_post). */
    postToChannel(channelId: number, text: string, { bot: ref }: { bot?: BotRef } = {}): Message {
      const bot = core.bot(ref);
      const state = bot.chats.get(channelId);
      if (state?.chat.type !== "channel") throw new UserActionError(`No channel ${channelId}`);
      return receiveMessage(core, bot, state, undefined, typedText(text));
    },
  };
}
