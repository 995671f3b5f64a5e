/**
 * Approve / Deny buttons. The callback data is signed for the chat it was
 * sent to (see callback-data.ts), the decision is one conditional update (see
 * approvals/), so forged, replayed, double-tapped or expired buttons do
 * nothing. The approved action runs from the approval-effects queue, exactly
 * once, after the decision committed; its outcome reaches this chat from
 * there, as it does when the customer approved on the dashboard.
 */
import { Composer, InlineKeyboard } from "grammy";
import type { Approvals } from "../../approvals/index.ts";
import { catalogue, DEFAULT_LOCALE } from "../../i18n/index.ts";
import type { InlineButton } from "../../notify/index.ts";
import type { CallbackSigner } from "../callback-data.ts";
import type { MouseContext } from "../context.ts";
import { requireCustomer } from "./customer.ts";

/** The inline keyboard for a pending approval in a given chat. */
export function approvalKeyboard(
  signer: CallbackSigner,
  approvalId: string,
  chatId: number,
  t: (key: string) => string,
): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("approval-approve"), signer.sign({ kind: "ap", id: approvalId, choice: "y" }, chatId))
    .text(t("approval-deny"), signer.sign({ kind: "ap", id: approvalId, choice: "n" }, chatId));
}

/** The same two buttons as `InlineButton` rows, for messages sent through the outbox (knights). */
export function approvalButtons(
  signer: CallbackSigner,
  approvalId: string,
  chatId: number,
  t: (key: string) => string = (key) => catalogue().t(DEFAULT_LOCALE, key),
): InlineButton[][] {
  return [
    [
      {
        text: t("approval-approve"),
        callbackData: signer.sign({ kind: "ap", id: approvalId, choice: "y" }, chatId),
      },
      {
        text: t("approval-deny"),
        callbackData: signer.sign({ kind: "ap", id: approvalId, choice: "n" }, chatId),
      },
    ],
  ];
}

export function createApprovalsFeature({
  signer,
  approvals,
}: {
  signer: CallbackSigner;
  approvals: Approvals;
}) {
  const composer = new Composer<MouseContext>();
  composer.callbackQuery(/^ap:/, async (ctx) => {
    const chatId = ctx.chat?.id;
    const signed = chatId === undefined ? undefined : signer.verify(ctx.callbackQuery.data, chatId);
    if (!signed || (signed.choice !== "y" && signed.choice !== "n")) {
      ctx.log.warn(
        { data: ctx.callbackQuery.data },
        "rejected a forged or foreign approval button",
      );
      await ctx.answerCallbackQuery({ text: ctx.t("approval-invalid"), show_alert: true });
      return;
    }
    const who = await requireCustomer(ctx);
    if (!who) {
      await ctx.answerCallbackQuery();
      return;
    }
    const approve = signed.choice === "y";
    const decision = await approvals.decide({
      approvalId: signed.id,
      userId: who.userId,
      approve,
    });
    switch (decision.outcome) {
      case "not_found":
        await ctx.answerCallbackQuery({ text: ctx.t("approval-gone"), show_alert: true });
        return;
      case "expired":
        await ctx.answerCallbackQuery({ text: ctx.t("approval-expired"), show_alert: true });
        await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
        return;
      case "forbidden":
        await ctx.answerCallbackQuery({
          text: ctx.t("approval-role"),
        });
        return;
      case "already_decided":
        await ctx.answerCallbackQuery({
          text: ctx.t("approval-already", { status: decision.approval.status }),
        });
        return;
      case "approved":
      case "denied": {
        await ctx.answerCallbackQuery({
          text: ctx.t(approve ? "approval-approved-toast" : "approval-denied-toast"),
        });
        const who2 = ctx.from?.first_name ?? ctx.t("approval-someone");
        const original =
          ctx.callbackQuery.message && "text" in ctx.callbackQuery.message
            ? ctx.callbackQuery.message.text
            : decision.approval.summary;
        await ctx
          .editMessageText(
            `${original}\n\n${ctx.t(approve ? "approval-approved-by" : "approval-denied-by", { name: who2 })}`,
          )
          .catch(() => {});
        if (!approve) await ctx.reply(ctx.t("approval-denied-reply"));
      }
    }
  });
  return composer;
}
