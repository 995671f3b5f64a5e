/**
 * A password pasted into the chat is caught here, ahead of every other
 * feature (onboarding's answers, the brain, a waiting knight), so it is
 * never stored in the conversation or sent to a model: the message is
 * deleted from the chat at once and the customer is offered to keep it in
 * their logins with one tap (or to discard it). The buttons are signed for
 * the chat, like the approval buttons.
 */
import { Composer, InlineKeyboard } from "grammy";
import { loginsButton } from "../../notify/index.ts";
import type { CallbackSigner } from "../callback-data.ts";
import type { MouseContext } from "../context.ts";
import type { PastedLoginsPort } from "../ports.ts";

/** Owners and admins add logins; the form is offered to them only. */
const canManage = (ctx: MouseContext) =>
  ctx.mouse.membership?.role === "owner" || ctx.mouse.membership?.role === "admin";

export function createPastedLoginsFeature({
  logins,
  signer,
  dashboardUrl,
}: {
  logins: PastedLoginsPort;
  signer: CallbackSigner;
  /** Where the logins' form lives: a Mini App button over HTTPS, else a link. */
  dashboardUrl?: string;
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
    const intro = deleted
      ? ctx.t("login-caught", { what: caught.describe })
      : ctx.t("login-not-deleted");
    // The form: for a login the message did not fully give, or to add one without pasting it.
    const form =
      dashboardUrl && customerId && canManage(ctx)
        ? loginsButton(dashboardUrl, customerId, ctx.t("login-form"))
        : undefined;
    const formRow = (kb: InlineKeyboard) =>
      form
        ? form.webApp
          ? kb.row().webApp(form.text, form.webApp)
          : kb.row().url(form.text, form.url!)
        : kb;
    if (!caught.pendingId) {
      await ctx.reply(`${intro}\n\n${ctx.t("login-no-offer")}`, {
        ...(form ? { reply_markup: formRow(new InlineKeyboard()) } : {}),
      });
      return;
    }
    const sign = (choice: string) =>
      signer.sign({ kind: "pl", id: caught.pendingId!, choice }, ctx.chat.id);
    await ctx.reply(`${intro}\n\n${ctx.t("login-offer")}`, {
      reply_markup: formRow(
        new InlineKeyboard()
          .text(ctx.t("login-save"), sign("s"))
          .text(ctx.t("login-discard"), sign("d")),
      ),
    });
  });

  composer.callbackQuery(/^pl:/, async (ctx) => {
    const chatId = ctx.chat?.id;
    const signed = chatId === undefined ? undefined : signer.verify(ctx.callbackQuery.data, chatId);
    const user = ctx.mouse.user;
    const membership = ctx.mouse.membership;
    if (!signed || (signed.choice !== "s" && signed.choice !== "d")) {
      await ctx.answerCallbackQuery({ text: ctx.t("approval-invalid"), show_alert: true });
      return;
    }
    if (!user || !membership) {
      await ctx.answerCallbackQuery({ text: ctx.t("login-not-customer"), show_alert: true });
      return;
    }
    if (signed.choice === "d") {
      await logins.discard(membership.customer_id, signed.id);
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(ctx.t("login-discarded")).catch(() => {});
      return;
    }
    const result = await logins.save({ userId: user.id }, membership.customer_id, signed.id);
    if (!result.ok) {
      await ctx.answerCallbackQuery({ text: result.reason, show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t("login-saved", { label: result.label })).catch(() => {});
  });
  return composer;
}
