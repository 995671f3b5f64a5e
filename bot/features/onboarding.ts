/**
 * Joining by QR code: `/start <token>` redeems the invite. The first owner of
 * a new business then goes through a conversation (state in Postgres) that
 * asks for the business name, what they need, and a plan; paid plans get a
 * Stripe Checkout link, free starts now. Anyone joining a business that
 * already has people (a Team page invite) is welcomed to that team with
 * their role and asked nothing.
 */
import { type Conversation, createConversation } from "@grammyjs/conversations";
import { Composer, InlineKeyboard } from "grammy";
import { adoptGuessedTimeZone, completeOnboarding, redeemInvite } from "../../accounts/index.ts";
import { PLANS } from "../../billing/index.ts";
import type { Data } from "../../db/index.ts";
import { type Catalogue, formatMoney, localeFor } from "../../i18n/index.ts";
import type { ConversationContext, MouseContext } from "../context.ts";
import type { BillingPort } from "../ports.ts";
import { quickActions } from "./quick-actions.ts";

export const ONBOARDING = "onboarding";

export function createOnboarding({
  data,
  billing,
  catalogue,
}: {
  data: Data;
  billing: BillingPort;
  catalogue: Catalogue;
}) {
  async function onboarding(
    conversation: Conversation<MouseContext, ConversationContext>,
    ctx: ConversationContext,
    customerId: string,
    userId: string,
    language?: string,
  ) {
    // The language is fixed when the conversation starts (an argument, so replays agree).
    const locale = localeFor(language);
    const t = (key: string, args?: Record<string, string | number>) =>
      catalogue.t(locale, key, args);
    await ctx.reply(t("onboarding-q1"));
    const name = await askText(conversation, 200, t("onboarding-name-hint"), t);
    await ctx.reply(t("onboarding-q2", { name }));
    const needs = await askText(conversation, 4000, t("onboarding-needs-hint"), t);
    const price = (plan: "pro" | "team") => formatMoney(PLANS[plan].priceMicros, locale);
    const planKeyboard = new InlineKeyboard()
      .text(t("onboarding-plan-free", { messages: PLANS.free.includedMessages }), "plan:free")
      .row()
      .text(t("onboarding-plan-paid", { plan: PLANS.pro.name, price: price("pro") }), "plan:pro")
      .row()
      .text(
        t("onboarding-plan-paid", { plan: PLANS.team.name, price: price("team") }),
        "plan:team",
      );
    await ctx.reply(t("onboarding-q3"), { reply_markup: planKeyboard });
    const choice = await conversation.waitForCallbackQuery(/^plan:(free|pro|team)$/, {
      otherwise: (c) => c.reply(t("onboarding-tap-plan")),
    });
    const plan = choice.match[1] as "free" | "pro" | "team";
    await choice.answerCallbackQuery();

    await conversation.external(() =>
      data.asUser({ sub: userId }, (tx) =>
        completeOnboarding(tx, { customerId, name, needs, plan }),
      ),
    );
    const zone = await conversation.external(() =>
      adoptGuessedTimeZone(data, { userId, customerId, languageCode: ctx.from?.language_code }),
    );
    if (zone.guessed) await ctx.reply(t("onboarding-time-zone", { zone: zone.timeZone }));
    if (plan === "free") {
      await ctx.reply(t("onboarding-done-free", { name }), {
        reply_markup: quickActions((key) => t(key)),
      });
      return;
    }
    const url = await conversation.external(() => billing.checkoutUrl({ customerId, plan }));
    await ctx.reply(t("onboarding-done-paid", { plan: PLANS[plan].name }), {
      reply_markup: new InlineKeyboard().url(
        t("onboarding-subscribe-button", { plan: PLANS[plan].name }),
        url,
      ),
    });
    await ctx.reply(t("onboarding-welcome-aboard", { name }), {
      reply_markup: quickActions((key) => t(key)),
    });
  }

  async function askText(
    conversation: Conversation<MouseContext, ConversationContext>,
    max: number,
    hint: string,
    t: (key: string, args?: Record<string, string>) => string,
  ) {
    for (;;) {
      const answer = await conversation.waitFor("message:text", {
        otherwise: (c) => c.reply(hint),
      });
      const text = answer.message.text.trim();
      if (text.startsWith("/")) {
        await answer.reply(t("onboarding-or-cancel", { hint }));
        continue;
      }
      if (text.length >= 1 && text.length <= max) return text;
      await answer.reply(hint);
    }
  }

  const composer = new Composer<MouseContext>();
  // A new invite link works even mid-onboarding: leave the old conversation first.
  composer.command("start", async (ctx, next) => {
    if (ctx.match.trim()) await ctx.conversation.exitAll();
    await next();
  });
  composer.use(createConversation(onboarding, ONBOARDING));
  composer.command("start", async (ctx) => {
    if (ctx.chat.type !== "private") return;
    const token = ctx.match.trim();
    if (!token) {
      if (ctx.mouse.membership) {
        await ctx.reply(
          ctx.t("start-welcome-back", { customer: ctx.mouse.membership.customer_name }),
          { reply_markup: quickActions(ctx.t) },
        );
      } else {
        await ctx.reply(`${ctx.t("start-stranger")}\n\n${ctx.t("join-help")}`);
      }
      return;
    }
    const result = await redeemInvite(data, token, ctx.from!);
    if (result.ok && (result.joinedTeam || result.role !== "owner")) {
      // Joining an existing business's team: its owner already set it up and chose the plan.
      await ctx.conversation.exitAll();
      await ctx.reply(
        ctx.t("invite-joined-team", { customer: result.customerName, role: result.role }),
        result.role === "viewer" ? {} : { reply_markup: quickActions(ctx.t) },
      );
      return;
    }
    if (result.ok) {
      await ctx.conversation.exitAll();
      await ctx.conversation.enter(
        ONBOARDING,
        result.customerId,
        result.user.id,
        await ctx.i18n.getLocale(),
      );
      return;
    }
    const answers: Record<typeof result.reason, string> = {
      unknown: `${ctx.t("invite-unknown")}\n\n${ctx.t("join-help")}`,
      expired: ctx.t("invite-expired"),
      used: ctx.t("invite-used"),
      already_member: ctx.t("invite-already-member", {
        customer: result.customerName ?? ctx.t("invite-this-business"),
      }),
    };
    await ctx.reply(answers[result.reason]);
  });
  return composer;
}
