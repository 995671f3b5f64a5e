/**
 * Monthly budgets: a hard cap on all usage cost in a calendar month. Each
 * customer has its plan's default unless a budget was set; customers may
 * lower theirs, only platform admins raise it (a database trigger enforces
 * this whoever calls).
 *
 * The gate itself is the knights' step reservation (agents/knights/budget.ts),
 * which locks the customer and reserves before every step. What it compares
 * is defined once, in SQL (20261207100200_spend_gate.sql):
 * `private.budget_micros` (the budget in force) and `private.committed_micros`
 * (usage this month, open step reservations, minutes of running VMs).
 * `spendPosition` reads the same two figures for King Mouse's pre-call check
 * and for display; `checkBudget` adds the customer's row lock, for work
 * that is about to commit money outside a knight's step (a scheduled run).
 */
import { audit } from "../audit/index.ts";
import type { Data, Tx } from "../db/index.ts";
import { BillingError, isPermissionDenied } from "./errors.ts";
import { monthPeriod, periodKey } from "./period.ts";
import { planFor } from "./plans.ts";
import { VM_MINUTE_MICROS } from "./prices.ts";
import { periodUsage } from "./usage.ts";

export type BudgetCheck = {
  /** False at or beyond 100% of the budget, or when suspended. */
  allowed: boolean;
  reason?: "budget_reached" | "suspended" | "unknown_customer";
  period: string;
  budgetMicros: number;
  /** Usage cost recorded this month. */
  spentMicros: number;
  /** Open step reservations plus minutes of VMs running now (not yet in the ledger). */
  reservedMicros: number;
  remainingMicros: number;
  /** True when the budget is the plan's default rather than one set for the customer. */
  isDefault: boolean;
};

type CustomerBudgetRow = { plan: string; status: string; monthly_budget_micros: string | null };

/**
 * Where a customer stands against its budget, in the caller's transaction
 * (as the customer's user, RLS keeps it to that customer's rows). No lock:
 * the knights' reservation is the gate that holds under races.
 */
export async function spendPosition(
  tx: Tx,
  customerId: string,
  now: Date = new Date(),
): Promise<BudgetCheck> {
  const period = monthPeriod(now);
  const { rows } = await tx.query<{
    status: string;
    is_default: boolean;
    budget: string;
    committed: string;
  }>(
    `select status, monthly_budget_micros is null as is_default,
            private.budget_micros(plan, monthly_budget_micros)::text as budget,
            private.committed_micros(id, $2, null, null, $3)::text as committed
       from public.customers where id = $1`,
    [customerId, VM_MINUTE_MICROS, now],
  );
  const row = rows[0];
  if (!row) {
    return {
      allowed: false,
      reason: "unknown_customer",
      period: periodKey(period),
      budgetMicros: 0,
      spentMicros: 0,
      reservedMicros: 0,
      remainingMicros: 0,
      isDefault: true,
    };
  }
  const budgetMicros = Number(row.budget);
  const committed = Number(row.committed);
  const spentMicros = (await periodUsage(tx, customerId, period)).totalMicros;
  const allowed = row.status === "active" && committed < budgetMicros;
  return {
    allowed,
    ...(allowed ? {} : { reason: row.status !== "active" ? "suspended" : "budget_reached" }),
    period: periodKey(period),
    budgetMicros,
    spentMicros,
    reservedMicros: Math.max(0, committed - spentMicros),
    remainingMicros: Math.max(0, budgetMicros - committed),
    isDefault: row.is_default,
  };
}

/**
 * The gate for starting work that will cost up to `costMicros` (a scheduled
 * run): locks the customer's row, as the knights' reservation does, so two
 * callers cannot both take the last cents, then compares the same figures.
 * Call it inside the transaction that then commits the work.
 */
export async function checkBudget(
  tx: Tx,
  customerId: string,
  { costMicros = 0, now = new Date() }: { costMicros?: number; now?: Date } = {},
): Promise<BudgetCheck> {
  await tx.query("select 1 from public.customers where id = $1 for update", [customerId]);
  const position = await spendPosition(tx, customerId, now);
  if (!position.allowed || position.remainingMicros >= Math.max(0, costMicros)) return position;
  return { ...position, allowed: false, reason: "budget_reached" };
}

/** The budget as it stands, on the service path (operators, alerts). */
export function budgetStatus(
  data: Data,
  customerId: string,
  now: Date = new Date(),
): Promise<BudgetCheck> {
  return data.asService("billing: budget status", (tx) => spendPosition(tx, customerId, now));
}

/** The budget in force for a customer row: its own, else its plan's default. */
export function effectiveBudget(row: Pick<CustomerBudgetRow, "plan" | "monthly_budget_micros">) {
  return row.monthly_budget_micros === null
    ? { budgetMicros: planFor(row.plan).defaultBudgetMicros, isDefault: true }
    : { budgetMicros: Number(row.monthly_budget_micros), isDefault: false };
}

/**
 * Sets a customer's monthly budget as `userId`, under RLS: managers of the
 * customer may lower it, platform admins may also raise it. `null` returns
 * to the plan's default (admins only, as that may be a raise).
 */
export async function setMonthlyBudget(
  data: Data,
  request: { userId: string; customerId: string; budgetMicros: number | null },
): Promise<{ budgetMicros: number; isDefault: boolean }> {
  const { userId, customerId, budgetMicros } = request;
  if (budgetMicros !== null && (!Number.isSafeInteger(budgetMicros) || budgetMicros < 0)) {
    throw new BillingError(
      "A budget is a whole, non-negative number of micro-dollars",
      "invalid_amount",
    );
  }
  let result: { budgetMicros: number; isDefault: boolean; raised: boolean };
  try {
    result = await data.asUser({ sub: userId }, async (tx) => {
      const before = await tx.query<CustomerBudgetRow>(
        "select plan, status, monthly_budget_micros::text from public.customers where id = $1",
        [customerId],
      );
      const updated = await tx.query<CustomerBudgetRow>(
        `update public.customers set monthly_budget_micros = $2, updated_at = now() where id = $1
         returning plan, status, monthly_budget_micros::text`,
        [customerId, budgetMicros],
      );
      const row = updated.rows[0];
      if (!row || !before.rows[0]) {
        throw new BillingError("You cannot change this customer's budget", "not_allowed");
      }
      const from = effectiveBudget(before.rows[0]);
      const to = effectiveBudget(row);
      await audit(tx, {
        action: "billing.budget_changed",
        targetType: "customer",
        targetId: customerId,
        customerId,
        detail: {
          fromMicros: from.budgetMicros,
          toMicros: to.budgetMicros,
          isDefault: to.isDefault,
        },
      });
      return { ...to, raised: to.budgetMicros > from.budgetMicros };
    });
  } catch (error) {
    if (isPermissionDenied(error)) {
      throw new BillingError("Only a platform admin can raise a monthly budget", "not_allowed", {
        cause: error,
      });
    }
    throw error;
  }
  if (result.raised) {
    // A raised budget has new thresholds: this month's alerts may be due again.
    await data.asService("billing: reset budget alerts", (tx) =>
      tx.query("delete from public.budget_alerts where customer_id = $1 and period = $2", [
        customerId,
        periodKey(monthPeriod()),
      ]),
    );
  }
  return { budgetMicros: result.budgetMicros, isDefault: result.isDefault };
}
