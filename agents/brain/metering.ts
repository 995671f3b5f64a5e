import {
  type PeriodUsage,
  type Plan,
  periodUsage,
  planFor,
  recordUsage,
  spendPosition,
} from "../../billing/index.ts";
import type { Data, Tx } from "../../db/index.ts";
import {
  catalogue,
  formatDayMonth,
  formatMoney,
  formatNumber,
  type Locale,
  localeFor,
} from "../../i18n/index.ts";
import { type ModelResponse, responseCostMicros, totalTokens } from "../models/index.ts";

export type Account = {
  customerId: string;
  name: string;
  businessDescription: string | null;
  status: "active" | "suspended";
  plan: Plan;
  budgetMicros: number;
  /** What is left of the budget after usage, open step reservations and running VM minutes. */
  remainingMicros: number;
  usage: PeriodUsage;
  /** The language of the user talking (their /language choice, else their Telegram language). */
  locale: Locale;
};

/**
 * The customer as this user may see it (RLS), with this month's usage; undefined
 * when the user is not a member of that customer.
 */
export async function loadAccount(
  data: Data,
  userId: string,
  customerId: string,
): Promise<Account | undefined> {
  return data.asUser({ sub: userId }, async (tx) => {
    const { rows } = await tx.query<{
      name: string;
      business_description: string | null;
      status: "active" | "suspended";
      plan: string;
      language: string | null;
    }>(
      `select name, business_description, status, plan,
              (select coalesce(u.language, u.language_code) from public.users u where u.id = $2) as language
         from public.customers where id = $1`,
      [customerId, userId],
    );
    const row = rows[0];
    if (!row) return undefined;
    const plan = planFor(row.plan);
    // The same figures the knights' step reservation compares (billing's spend gate).
    const position = await spendPosition(tx, customerId);
    return {
      customerId,
      name: row.name,
      businessDescription: row.business_description,
      status: row.status,
      plan,
      budgetMicros: position.budgetMicros,
      remainingMicros: position.remainingMicros,
      usage: await periodUsage(tx, customerId),
      locale: localeFor(row.language),
    };
  });
}

export type LimitCheck =
  | { ok: true; aiMicrosLeft: number }
  | { ok: false; reason: "messages" | "ai_budget" | "budget"; text: string };

/**
 * Checked before any model call: the plan's monthly messages, its included AI
 * spend, and the monthly budget (the customer's own, else the plan default)
 * less everything committed against it, open step reservations and running
 * VM minutes included, as the knights' gate counts them.
 * `aiMicrosLeft` bounds the rest of the turn.
 */
export function checkLimits(account: Account, upgradeHint?: string): LimitCheck {
  const { plan, usage, locale } = account;
  const t = (key: string, args: Record<string, string | number>) =>
    catalogue().t(locale, key, {
      ...args,
      plan: plan.name,
      date: formatDayMonth(nextMonthStart(), locale),
      hint: upgradeHint ?? catalogue().t(locale, "brain-upgrade-hint"),
    });
  if (usage.messages >= plan.includedMessages) {
    return {
      ok: false,
      reason: "messages",
      text: t("brain-limit-messages", { messages: formatNumber(plan.includedMessages, locale) }),
    };
  }
  const aiLeft = plan.includedAiMicros - usage.aiMicros;
  if (aiLeft <= 0) {
    return {
      ok: false,
      reason: "ai_budget",
      text: t("brain-limit-ai", { ai: formatMoney(plan.includedAiMicros, locale) }),
    };
  }
  const budgetLeft = account.remainingMicros;
  if (budgetLeft <= 0) {
    return {
      ok: false,
      reason: "budget",
      text: t("brain-limit-budget", { budget: formatMoney(account.budgetMicros, locale) }),
    };
  }
  return { ok: true, aiMicrosLeft: Math.min(aiLeft, budgetLeft) };
}

/** When this month's allowances start again (UTC, as billing periods do). */
function nextMonthStart(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}

/**
 * One `model_tokens` usage event per model call. The key carries the
 * provider's response id, so it is unique per call (a retried turn's new
 * calls count) and stable per call (recording twice counts once).
 */
export async function recordModelCall(
  tx: Tx,
  event: { customerId: string; messageId: string; step: string; response: ModelResponse },
): Promise<number> {
  const { response } = event;
  const costMicros = responseCostMicros(response);
  await recordUsage(tx, {
    customerId: event.customerId,
    kind: "model_tokens",
    quantity: totalTokens(response.usage),
    costMicros,
    idempotencyKey: `brain:${event.messageId}:${event.step}:${response.id}`.slice(0, 200),
    detail: {
      provider: response.provider,
      model: response.model,
      ...response.usage,
      step: event.step,
    },
  });
  return costMicros;
}

/** The one `message` usage event of a customer message, counted once it was answered. */
export async function recordMessage(tx: Tx, customerId: string, messageId: string): Promise<void> {
  await recordUsage(tx, {
    customerId,
    kind: "message",
    quantity: 1,
    costMicros: 0,
    idempotencyKey: `brain:${messageId}:message`,
  });
}
