import type { InlineKeyboardButton, Message, User } from "grammy/types";
import type { ChatState } from "./chat-store.ts";
import type { BotState, CallbackAnswer, CallbackQueryState, SandboxCore } from "./core.ts";
import { UserActionError, WaitTimeoutError } from "./errors.ts";

/** A button press in flight: the query id and a way to see the bot's answer. */
export type PressedButton = {
  callbackQueryId: string;
  /** The answer so far (answerCallbackQuery), if any. */
  answer(): CallbackAnswer | undefined;
  waitForAnswer(options?: { timeoutMs?: number }): Promise<CallbackAnswer>;
};

/**
 * Presses an inline button the way a Telegram app can: only a callback
 * button that is really on that (undeleted) message. Queues the
 * callback_query update and remembers the query for answerCallbackQuery.
 */
export function pressButton(
  core: SandboxCore,
  bot: BotState,
  user: User,
  state: ChatState,
  messageOrId: Message | number,
  wanted: string | { text: string },
): PressedButton {
  const id = typeof messageOrId === "number" ? messageOrId : messageOrId.message_id;
  const stored = bot.chats.find(state.chat.id, id);
  if (!stored)
    throw new UserActionError(`Message ${id} is not in chat ${state.chat.id} (or was deleted)`);
  const buttons: InlineKeyboardButton[] = stored.message.reply_markup?.inline_keyboard.flat() ?? [];
  const button = buttons.find((b) =>
    typeof wanted === "string"
      ? "callback_data" in b && b.callback_data === wanted
      : b.text === wanted.text,
  );
  if (!button || !("callback_data" in button)) {
    const present = buttons.map(
      (b) => `${b.text}${"callback_data" in b ? ` (${b.callback_data})` : ""}`,
    );
    throw new UserActionError(
      `Message ${id} has no callback button ${JSON.stringify(wanted)}; its buttons: ${present.join(", ") || "none"}`,
    );
  }

  bot.chats.userActed(state.chat.id);
  const query = {
    id: core.nextCallbackId(),
    from: user,
    message: stored.message,
    chat_instance: `${-(BigInt(bot.account.id) * 1_000_003n + BigInt(Math.abs(state.chat.id)))}`,
    data: button.callback_data,
  };
  const record: CallbackQueryState = { query, createdAt: core.now(), waiters: [] };
  bot.callbackQueries.set(query.id, record);
  bot.updates.push({ callback_query: query });

  return {
    callbackQueryId: query.id,
    answer: () => record.answer,
    waitForAnswer: ({ timeoutMs = 5000 } = {}) =>
      new Promise<CallbackAnswer>((resolve, reject) => {
        if (record.answer) return resolve(record.answer);
        const timer = setTimeout(
          () =>
            reject(
              new WaitTimeoutError(
                `Callback query ${query.id} was not answered within ${timeoutMs} ms`,
              ),
            ),
          timeoutMs,
        );
        record.waiters.push((answer) => {
          clearTimeout(timer);
          resolve(answer);
        });
      }),
  };
}
