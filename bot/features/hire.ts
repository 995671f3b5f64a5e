/**
 * /hire: the role catalogue as inline buttons. `/hire` alone lists the roles
 * the customer may hire; tapping one shows what it does and its starter tasks
 * as buttons. `/hire <what you need>` asks which role should do it, quoting
 * the request in the message, so the tap needs no state: the task is read
 * back from the message the button sits under. Either way the tap calls
 * `requestHire` (roles/), the same function King Mouse and the dashboard call,
 * and the approval comes back as the usual Approve / Deny card.
 */
import { Composer, InlineKeyboard } from "grammy";
import { formatMicros } from "../../billing/index.ts";
import type { Data } from "../../db/index.ts";
import {
  type CatalogueRole,
  HireError,
  planAllows,
  requestHire,
  roleVersion,
  visibleCatalogue,
} from "../../roles/index.ts";
import type { CallbackSigner } from "../callback-data.ts";
import type { MouseContext } from "../context.ts";
import { approvalKeyboard } from "./approvals.ts";
import { requireCustomer } from "./customer.ts";

export const HIRE_BUTTON_KIND = "hr";
/** Quote marks around the request in "Who should do it?", read back on the tap. */
const OPEN = "«";
const CLOSE = "»";

export function createHireFeature({ data, signer }: { data: Data; signer: CallbackSigner }) {
  const composer = new Composer<MouseContext>();

  const catalogueOf = async (who: { userId: string; customerId: string }) =>
    data.asUser({ sub: who.userId }, async (tx) => {
      const roles = await visibleCatalogue(tx, who.customerId);
      const { rows } = await tx.query<{ plan: string }>(
        "select plan from public.customers where id = $1",
        [who.customerId],
      );
      return { roles, plan: rows[0]?.plan ?? "free" };
    });

  const keyboard = (
    roles: readonly CatalogueRole[],
    plan: string,
    chatId: number,
    choice: string,
  ) => {
    const board = new InlineKeyboard();
    roles.forEach((role, i) => {
      const label = planAllows(plan, role) ? role.name : `${role.name} 🔒`;
      board.text(label, signer.sign({ kind: HIRE_BUTTON_KIND, id: role.id, choice }, chatId));
      if (i % 2 === 1) board.row();
    });
    return board;
  };

  composer.command("hire", async (ctx) => {
    const who = await requireCustomer(ctx);
    if (!who) return;
    const { roles, plan } = await catalogueOf(who);
    if (roles.length === 0) {
      await ctx.reply(ctx.t("hire-none"));
      return;
    }
    const task = ctx.match.trim().replace(/[«»]/g, '"').slice(0, 2_000);
    const text = task ? `${ctx.t("hire-who")}\n\n${OPEN}${task}${CLOSE}` : ctx.t("hire-catalogue");
    await ctx.reply(text, {
      reply_markup: keyboard(roles, plan, ctx.chat.id, task ? "t" : "i"),
    });
  });

  composer.callbackQuery(new RegExp(`^${HIRE_BUTTON_KIND}:`), async (ctx) => {
    const chatId = ctx.chat?.id ?? 0;
    const signed = signer.verify(ctx.callbackQuery.data, chatId);
    if (!signed) {
      ctx.log.warn({ data: ctx.callbackQuery.data }, "rejected a forged hire button");
      await ctx.answerCallbackQuery({ text: ctx.t("approval-invalid"), show_alert: true });
      return;
    }
    const who = await requireCustomer(ctx);
    if (!who) {
      await ctx.answerCallbackQuery();
      return;
    }
    const role = await data.asUser({ sub: who.userId }, (tx) => roleVersion(tx, signed.id));
    if (!role || role.retiredAt) {
      await ctx.answerCallbackQuery({ text: ctx.t("hire-gone"), show_alert: true });
      return;
    }
    if (signed.choice === "i") {
      // Details, with the starter tasks as one-tap hires.
      await ctx.answerCallbackQuery();
      const board = new InlineKeyboard();
      role.starterTasks.slice(0, 3).forEach((starter, i) => {
        board
          .text(
            starter.slice(0, 60),
            signer.sign({ kind: HIRE_BUTTON_KIND, id: role.id, choice: `s${i}` }, chatId),
          )
          .row();
      });
      await ctx.reply(details(ctx, role), { reply_markup: board });
      return;
    }
    const task =
      signed.choice === "t"
        ? quoted(ctx.callbackQuery.message?.text ?? "")
        : role.starterTasks[Number(signed.choice.slice(1))];
    if (!task) {
      await ctx.answerCallbackQuery({ text: ctx.t("hire-gone"), show_alert: true });
      return;
    }
    try {
      const hire = await data.asUser({ sub: who.userId }, (tx) =>
        requestHire(tx, { customerId: who.customerId, userId: who.userId, role: role.key, task }),
      );
      await ctx.answerCallbackQuery();
      await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
      await ctx.reply(hire.approval.summary, {
        reply_markup: approvalKeyboard(signer, hire.approval.id, chatId, ctx.t),
      });
    } catch (error) {
      if (!(error instanceof HireError)) throw error;
      const text =
        error.code === "not_on_plan"
          ? ctx.t("hire-needs-plan", {
              role: role.name,
              plan: role.minPlan === "team" ? "Team" : "Pro",
            })
          : ctx.t("hire-gone");
      await ctx.answerCallbackQuery({ text: text.slice(0, 190), show_alert: true });
    }
  });

  return composer;
}

/** A role's card: what it does, when to pick it, what it costs. */
function details(ctx: MouseContext, role: CatalogueRole): string {
  return [
    `${role.name}\n${role.pitch}`,
    ctx.t("hire-pick-when", { when: role.pickWhen }),
    ctx.t("hire-budget", { budget: formatMicros(role.defaultBudgetMicros) }),
    ...(role.priceMicros > 0
      ? [ctx.t("hire-price", { price: formatMicros(role.priceMicros) })]
      : []),
    ctx.t("hire-how", { role: role.name }),
  ].join("\n\n");
}

/** The request quoted in "Who should do it?" («…»). */
function quoted(text: string): string | undefined {
  const start = text.lastIndexOf(OPEN);
  const end = text.lastIndexOf(CLOSE);
  if (start < 0 || end <= start) return undefined;
  return text.slice(start + 1, end).trim() || undefined;
}
