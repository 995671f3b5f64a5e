/**
 * Money derived from the usage ledger. Usage events are the source of truth;
 * overage is the cost beyond what the plan includes, per calendar month:
 * model spend beyond the included AI budget, VM minutes and messages beyond
 * their included counts (valued at their unit prices). The balance is the
 * customer's credit (admin credits and refunds, less credit already spent on
 * overage) minus this month's overage not yet billed or covered.
 */
import type { Tx } from "../db/index.ts";
import { type Period, periodKey } from "./period.ts";
import type { Plan } from "./plans.ts";
import { MESSAGE_MICROS, VM_MINUTE_MICROS } from "./prices.ts";
import type { PeriodUsage } from "./usage.ts";
import { periodUsage } from "./usage.ts";

/** Micro-dollars per cent: Stripe amounts and meter values are whole cents. */
export const MICROS_PER_CENT = 10_000;

export type Overage = {
  aiMicros: number;
  vmMicros: number;
  messageMicros: number;
  /** Catalogue roles' prices per task: billed in full. */
  roleFeeMicros: number;
  totalMicros: number;
};

/** The cost of a period's usage beyond what `plan` includes. */
export function overageMicros(plan: Plan, usage: PeriodUsage): Overage {
  const beyond = (cost: number, included: number) => Math.max(0, cost - included);
  const aiMicros = beyond(usage.aiMicros, plan.includedAiMicros);
  const vmMicros = beyond(usage.vmMicros, plan.includedVmMinutes * VM_MINUTE_MICROS);
  const messageMicros = beyond(usage.messageMicros, plan.includedMessages * MESSAGE_MICROS);
  // A role's price is the publisher's, never part of what a plan includes.
  const roleFeeMicros = usage.roleFeeMicros ?? 0;
  return {
    aiMicros,
    vmMicros,
    messageMicros,
    roleFeeMicros,
    totalMicros: aiMicros + vmMicros + messageMicros + roleFeeMicros,
  };
}

/** Whole cents of overage: what the meter is billed in (fractions wait for the next cent). */
export function overageCents(overage: Overage): number {
  return Math.floor(overage.totalMicros / MICROS_PER_CENT);
}

/** Sum of every credit-ledger entry (credits, refunds, adjustments, credit spent on overage). */
export async function creditMicros(tx: Tx, customerId: string): Promise<number> {
  const { rows } = await tx.query<{ total: string }>(
    "select coalesce(sum(amount_micros), 0)::text as total from public.credit_ledger where customer_id = $1",
    [customerId],
  );
  return Number(rows[0]?.total ?? 0);
}

/** Overage cents of a period already billed to Stripe or covered by credit. */
export async function accountedCents(
  tx: Tx,
  customerId: string,
  period: Period,
): Promise<{ billedCents: number; coveredCents: number }> {
  const { rows } = await tx.query<{ billed: string; covered: string }>(
    `select coalesce(sum(billed_cents), 0)::text as billed, coalesce(sum(covered_cents), 0)::text as covered
       from public.meter_reports where customer_id = $1 and period = $2`,
    [customerId, periodKey(period)],
  );
  return { billedCents: Number(rows[0]?.billed ?? 0), coveredCents: Number(rows[0]?.covered ?? 0) };
}

export type Balance = {
  /** Credit left: positive means the customer has money to spend. */
  creditMicros: number;
  /** This month's overage not yet billed to Stripe or paid from credit. */
  unbilledMicros: number;
  /** creditMicros − unbilledMicros. */
  balanceMicros: number;
};

/**
 * The customer's balance: its credit less this month's overage not yet
 * billed or covered. Earlier months are settled by the meter reporter.
 */
export async function customerBalance(
  tx: Tx,
  customerId: string,
  plan: Plan,
  period: Period,
): Promise<Balance> {
  const credit = await creditMicros(tx, customerId);
  const overage = overageMicros(plan, await periodUsage(tx, customerId, period));
  const done = await accountedCents(tx, customerId, period);
  const accounted = (done.billedCents + done.coveredCents) * MICROS_PER_CENT;
  const unbilled = Math.max(0, overage.totalMicros - accounted);
  return { creditMicros: credit, unbilledMicros: unbilled, balanceMicros: credit - unbilled };
}
