/**
 * Joining by QR code: `/start <token>` redeems the invite, then a
 * conversation (state in Postgres) asks for the business name, what they
 * need, and a plan; paid plans get a Stripe Checkout link, free starts now.
 */
import { type Conversation, createConversation } from "@grammyjs/conversations";
import { Composer, InlineKeyboard } from "grammy";
import { adoptGuessedTimeZone, completeOnboarding, redeemInvite } from "../../accounts/index.ts";
import { formatMicros, PLANS } from "../../billing/index.ts";
import type { Data } from "../../db/index.ts";
import type { ConversationContext, MouseContext } from "../context.ts";
import type { BillingPort } from "../ports.ts";
import { quickActions } from "./quick-actions.ts";

export const ONBOARDING = "onboarding";

const JOIN_HELP =
  "To use Mouse you need an invitation: scan the QR code your Mouse partner gave you, " +
  "or sign your business up at our onboarding page and scan the code it shows.";

/** Recurring work's line in onboarding (kept apart for the message catalogue). */
const timeZoneTexts = {
  guessed: (zone: string) =>
    `I'll read times like "every morning at 8" as ${zone} time, going by your Telegram language. If that's wrong, send /timezone followed by your zone, e.g. /timezone America/New_York.`,
};

export function createOnboarding({ data, billing }: { data: Data; billing: BillingPort }) {
  async function onboarding(
    conversation: Conversation<MouseContext, ConversationContext>,
    ctx: ConversationContext,
    customerId: string,
    userId: string,
  ) {
    await ctx.reply(
      "Welcome to Mouse! 🐭 I'm King Mouse. Let's set you up — three quick questions.\n\n1/3 What's your business called?",
    );
    const name = await askText(
      conversation,
      200,
      "Please send the name as text (up to 200 characters).",
    );
    await ctx.reply(
      `Nice to meet ${name}! 2/3 What do you need help with? (e.g. "keep my website up to date and post on Instagram")`,
    );
    const needs = await askText(
      conversation,
      4000,
      "Please describe it in a text message (up to 4000 characters).",
    );
    const planKeyboard = new InlineKeyboard()
      .text(`Free — ${PLANS.free.includedMessages} messages`, "plan:free")
      .row()
      .text(`Pro — ${formatMicros(PLANS.pro.priceMicros)}/month`, "plan:pro")
      .row()
      .text(`Team — ${formatMicros(PLANS.team.priceMicros)}/month`, "plan:team");
    await ctx.reply("3/3 Pick a plan (you can change it any time with /billing):", {
      reply_markup: planKeyboard,
    });
    const choice = await conversation.waitForCallbackQuery(/^plan:(free|pro|team)$/, {
      otherwise: (c) => c.reply("Tap one of the plan buttons above, or send /cancel to stop."),
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
    if (zone.guessed) await ctx.reply(timeZoneTexts.guessed(zone.timeZone));
    if (plan === "free") {
      await ctx.reply(
        `You're all set on the Free plan, ${name}! 🎉\n\nTell me what you need in plain words and I'll hire a knight — an AI worker with its own computer — to do it. You approve anything that costs money with one tap.`,
        { reply_markup: quickActions() },
      );
      return;
    }
    const url = await conversation.external(() => billing.checkoutUrl({ customerId, plan }));
    await ctx.reply(
      `Great choice. Finish the ${PLANS[plan].name} subscription here; your plan switches as soon as the payment goes through. Meanwhile you can already start on the Free plan.`,
      {
        reply_markup: new InlineKeyboard().url(`Subscribe to ${PLANS[plan].name}`, url),
      },
    );
    await ctx.reply(`Welcome aboard, ${name}! 🎉 Tell me what you need, or use a quick action:`, {
      reply_markup: quickActions(),
    });
  }

  async function askText(
    conversation: Conversation<MouseContext, ConversationContext>,
    max: number,
    hint: string,
  ) {
    for (;;) {
      const answer = await conversation.waitFor("message:text", {
        otherwise: (c) => c.reply(hint),
      });
      const text = answer.message.text.trim();
      if (text.startsWith("/")) {
        await answer.reply(`${hint} Or send /cancel to stop.`);
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
          `Welcome back! You're working with King Mouse for ${ctx.mouse.membership.customer_name}. What can I do for you?`,
          { reply_markup: quickActions() },
        );
      } else {
        await ctx.reply(
          `Hi! I'm King Mouse 🐭, an AI assistant that hires AI workers for small businesses.\n\n${JOIN_HELP}`,
        );
      }
      return;
    }
    const result = await redeemInvite(data, token, ctx.from!);
    if (result.ok) {
      await ctx.conversation.exitAll();
      await ctx.conversation.enter(ONBOARDING, result.customerId, result.user.id);
      return;
    }
    const answers: Record<typeof result.reason, string> = {
      unknown: `That invitation link isn't valid. Check that you scanned the whole QR code.\n\n${JOIN_HELP}`,
      expired:
        "That invitation has expired. Ask whoever gave it to you for a fresh QR code — it only takes them a moment.",
      used: "That invitation has already been used by someone else. Each QR code works once; ask for a new one for yourself.",
      already_member: `You've already joined ${result.customerName ?? "this business"} with this invitation — just tell me what you need.`,
    };
    await ctx.reply(answers[result.reason]);
  });
  return composer;
}
