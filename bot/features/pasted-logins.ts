/**
 * A password pasted into the chat is caught here, ahead of every other
 * feature (onboarding's answers, the brain, a waiting knight), so it is
 * never stored in the conversation or sent to a model: the message is
 * deleted from the chat at once and the customer is offered to keep it in
 * their logins with one tap (or to discard it). The buttons are signed for
 * the chat, like the approval buttons.
 */
import { Composer, InlineKeyboard } from "grammy";
import type { CallbackSigner } from "../callback-data.ts";
import type { MouseContext } from "../context.ts";
import type { PastedLoginsPort } from "../ports.ts";

/** Fixed texts, gathered for the message catalogue. */
export const texts = {
  caught: (what: string) =>
    `🔐 That looked like ${what}, so I deleted your message straight away: passwords don't belong in a chat, and I never stored or read it.`,
  offer:
    "Shall I keep it in your logins? Your employees can then sign in with it without ever seeing it.",
  noOffer:
    "To let your employees use a login, add it on your dashboard under Logins (send /dashboard for a link). Include the site and the username if you paste one again.",
  notDeleted:
    "I couldn't delete that message from the chat — please delete it yourself. I did not store or read it.",
  save: "🔐 Save to my logins",
  discard: "Forget it",
  saved: (label: string) =>
    `Saved as “${label}”. Your employees can use it without seeing it; you can change who may use it on the dashboard under Logins.`,
  discarded: "Forgotten. Nothing was kept.",
  invalid: "This button isn't valid.",
  notCustomer: "Only people on a Mouse account can keep logins.",
} as const;

export function createPastedLoginsFeature({
  logins,
  signer,
}: {
  logins: PastedLoginsPort;
  signer: CallbackSigner;
}) {
  const composer = new Composer<MouseContext>();
  const privateChat = composer.chatType("private");

  privateChat.on(["message:text", "message:caption"], async (ctx, next) => {
    const text = ctx.message.text ?? ctx.message.caption ?? "";
    const customerId = ctx.mouse.membership?.customer_id ?? null;
    const caught = await logins.catch({ customerId, text });
    if (!caught) return next();
    const deleted = await ctx.deleteMessage().then(
      () => true,
      (err) => {
        ctx.log.warn({ err }, "could not delete a message carrying a password");
        return false;
      },
    );
    ctx.log.info({ offered: !!caught.pendingId, deleted }, "caught a pasted login");
    const intro = deleted ? texts.caught(caught.describe) : texts.notDeleted;
    if (!caught.pendingId) {
      await ctx.reply(`${intro}\n\n${texts.noOffer}`);
      return;
    }
    const sign = (choice: string) =>
      signer.sign({ kind: "pl", id: caught.pendingId!, choice }, ctx.chat.id);
    await ctx.reply(`${intro}\n\n${texts.offer}`, {
      reply_markup: new InlineKeyboard().text(texts.save, sign("s")).text(texts.discard, sign("d")),
    });
  });

  composer.callbackQuery(/^pl:/, async (ctx) => {
    const chatId = ctx.chat?.id;
    const signed = chatId === undefined ? undefined : signer.verify(ctx.callbackQuery.data, chatId);
    const user = ctx.mouse.user;
    const membership = ctx.mouse.membership;
    if (!signed || (signed.choice !== "s" && signed.choice !== "d")) {
      await ctx.answerCallbackQuery({ text: texts.invalid, show_alert: true });
      return;
    }
    if (!user || !membership) {
      await ctx.answerCallbackQuery({ text: texts.notCustomer, show_alert: true });
      return;
    }
    if (signed.choice === "d") {
      await logins.discard(membership.customer_id, signed.id);
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(texts.discarded).catch(() => {});
      return;
    }
    const result = await logins.save({ userId: user.id }, membership.customer_id, signed.id);
    if (!result.ok) {
      await ctx.answerCallbackQuery({ text: result.reason, show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(texts.saved(result.label)).catch(() => {});
  });
  return composer;
}
