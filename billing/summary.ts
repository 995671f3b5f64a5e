/**
 * The customer's billing at a glance, for the bot's /billing command and
 * the dashboard: plan, this month's usage against what the plan includes,
 * balance and budget. Read as the user, so RLS decides who may see it.
 */
import type { Data } from "../db/index.ts";
import { effectiveBudget } from "./budgets.ts";
import { BillingError } from "./errors.ts";
import { customerBalance, overageMicros } from "./ledger.ts";
import { monthPeriod } from "./period.ts";
import { type PlanId, planFor } from "./plans.ts";
import { periodUsage } from "./usage.ts";

export type UsageLine = { used: number; included: number };

export type BillingSummary = {
  customerId: string;
  customerName: string;
  plan: { id: PlanId; name: string; priceMicros: number; concurrentKnights: number };
  period: { start: Date; end: Date };
  usage: { messages: UsageLine; aiMicros: UsageLine; vmMinutes: UsageLine };
  /** This month's cost of usage beyond the plan. */
  overageMicros: number;
  balance: { creditMicros: number; unbilledMicros: number; balanceMicros: number };
  budget: {
    budgetMicros: number;
    spentMicros: number;
    /** Whole percent of the budget used (may exceed 100 by the last step's cost). */
    percentUsed: number;
    isDefault: boolean;
    reached: boolean;
  };
  subscription: {
    status: string;
    currentPeriodEnd: Date | null;
    cancelAtPeriodEnd: boolean;
  } | null;
};

/** The billing summary of `customerId`, read as `userId`. */
export async function billingSummary(
  data: Data,
  { userId, customerId, now = new Date() }: { userId: string; customerId: string; now?: Date },
): Promise<BillingSummary> {
  const period = monthPeriod(now);
  return data.asUser({ sub: userId }, async (tx) => {
    const { rows } = await tx.query<{
      name: string;
      plan: string;
      monthly_budget_micros: string | null;
    }>("select name, plan, monthly_budget_micros::text from public.customers where id = $1", [
      customerId,
    ]);
    const customer = rows[0];
    if (!customer) throw new BillingError("No such customer, or not yours to see", "not_allowed");
    const plan = planFor(customer.plan);
    const usage = await periodUsage(tx, customerId, period);
    const balance = await customerBalance(tx, customerId, plan, period);
    const { budgetMicros, isDefault } = effectiveBudget(customer);
    const subscription = await tx.query<{
      status: string;
      current_period_end: Date | null;
      cancel_at_period_end: boolean;
    }>(
      `select status, current_period_end, cancel_at_period_end from public.subscriptions
        where customer_id = $1 order by stripe_event_created desc, updated_at desc limit 1`,
      [customerId],
    );
    const sub = subscription.rows[0];
    return {
      customerId,
      customerName: customer.name,
      plan: {
        id: plan.id,
        name: plan.name,
        priceMicros: plan.priceMicros,
        concurrentKnights: plan.concurrentKnights,
      },
      period,
      usage: {
        messages: { used: usage.messages, included: plan.includedMessages },
        aiMicros: { used: usage.aiMicros, included: plan.includedAiMicros },
        vmMinutes: { used: usage.vmMinutes, included: plan.includedVmMinutes },
      },
      overageMicros: overageMicros(plan, usage).totalMicros,
      balance,
      budget: {
        budgetMicros,
        spentMicros: usage.totalMicros,
        percentUsed:
          budgetMicros > 0
            ? Math.floor((usage.totalMicros * 100) / budgetMicros)
            : usage.totalMicros > 0
              ? 100
              : 0,
        isDefault,
        reached: usage.totalMicros >= budgetMicros,
      },
      subscription: sub
        ? {
            status: sub.status,
            currentPeriodEnd: sub.current_period_end,
            cancelAtPeriodEnd: sub.cancel_at_period_end,
          }
        : null,
    };
  });
}
