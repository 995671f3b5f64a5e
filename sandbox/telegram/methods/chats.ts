import type { ChatFullInfo, ChatMember } from "grammy/types";
import { badRequest } from "../errors.ts";
import { resolveChat } from "./chat-access.ts";
import { botSender, type MethodHandler } from "./context.ts";

/** getChat: the ChatFullInfo of a chat the bot is in. */
export const getChat: MethodHandler = (context): ChatFullInfo => {
  const { chat } = resolveChat(context);
  return {
    ...chat,
    accent_color_id: 0,
    max_reaction_count: 11,
    accepted_gift_types: {
      unlimited_gifts: false,
      limited_gifts: false,
      unique_gifts: false,
      premium_subscription: false,
      gifts_from_channels: false,
    },
  } as ChatFullInfo;
};

/** getChatMember: a user's status in a chat. */
export const getChatMember: MethodHandler = (context): ChatMember => {
  const state = resolveChat(context);
  const userId = context.params.int("user_id");
  const user =
    userId === context.bot.account.id
      ? botSender(context.bot)
      : context.core.users.get(userId ?? 0);
  if (!user) throw badRequest("user not found");
  if (state.chat.type === "private") {
    const inChat = userId === state.chat.id || userId === context.bot.account.id;
    return inChat ? { status: "member", user } : { status: "left", user };
  }
  const status = state.members.get(user.id) ?? "left";
  switch (status) {
    case "creator":
      return { status, user, is_anonymous: false };
    case "administrator":
      return {
        status,
        user,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: true,
        can_manage_video_chats: true,
        can_restrict_members: true,
        can_promote_members: false,
        can_change_info: true,
        can_invite_users: true,
        can_post_stories: false,
        can_edit_stories: false,
        can_delete_stories: false,
      } as ChatMember;
    case "kicked":
      return { status, user, until_date: 0 };
    default:
      return { status, user } as ChatMember;
  }
};

/** answerCallbackQuery: once per query, within the callback TTL. */
export const answerCallbackQuery: MethodHandler = (context) => {
  const { bot, params, core } = context;
  const state = bot.callbackQueries.get(params.string("callback_query_id"));
  const expired =
    state !== undefined && core.now() - state.createdAt > core.settings.callbackQueryTtlMs;
  if (!state || state.answer || expired) {
    throw badRequest("query is too old and response timeout expired or query ID is invalid");
  }
  const text = params.optionalString("text");
  const url = params.optionalString("url");
  const cacheTime = params.int("cache_time");
  state.answer = {
    show_alert: params.bool("show_alert"),
    ...(text !== undefined ? { text } : {}),
    ...(url !== undefined ? { url } : {}),
    ...(cacheTime !== undefined ? { cache_time: cacheTime } : {}),
  };
  for (const waiter of state.waiters.splice(0)) waiter(state.answer);
  return true;
};
