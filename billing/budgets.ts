/**
 * Monthly budgets: a hard cap on all usage cost in a calendar month. Each
 * customer has its plan's default unless a budget was set; customers may
 * lower theirs, only platform admins raise it (a database trigger enforces
 * this whoever calls). `checkBudget` is the gate knights pass before a step.
 */
import { audit } from "../audit/index.ts";
import type { Data, Tx } from "../db/index.ts";
import { BillingError, isPermissionDenied } from "./errors.ts";
import { monthPeriod, periodKey } from "./period.ts";
import { planFor } from "./plans.ts";
import { VM_MINUTE_MICROS } from "./prices.ts";
import { periodUsage } from "./usage.ts";

export type BudgetCheck = {
  /** False at or beyond 100% of the budget, when `costMicros` would cross it, or when suspended. */
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
 * The hard stop. Call it inside the transaction that then reserves or
 * records the step's cost: it locks the customer's row, so concurrent
 * knights of one customer pass the gate one at a time and each sees what the
 * previous one committed; the last cents go to one of them, never to two.
 */
export async function checkBudget(
  tx: Tx,
  customerId: string,
  { costMicros = 0, now = new Date() }: { costMicros?: number; now?: Date } = {},
): Promise<BudgetCheck> {
  const { rows } = await tx.query<CustomerBudgetRow>(
    "select plan, status, monthly_budget_micros::text from public.customers where id = $1 for update",
    [customerId],
  );
  return evaluate(tx, customerId, rows[0], costMicros, now);
}

/** The budget as it stands, for display (no lock; use `checkBudget` to gate work). */
export async function budgetStatus(
  data: Data,
  customerId: string,
  now: Date = new Date(),
): Promise<BudgetCheck> {
  return data.asService("billing: budget status", async (tx) => {
    const { rows } = await tx.query<CustomerBudgetRow>(
      "select plan, status, monthly_budget_micros::text from public.customers where id = $1",
      [customerId],
    );
    return evaluate(tx, customerId, rows[0], 0, now);
  });
}

/** The budget in force for a customer row: its own, else its plan's default. */
export function effectiveBudget(row: Pick<CustomerBudgetRow, "plan" | "monthly_budget_micros">) {
  return row.monthly_budget_micros === null
    ? { budgetMicros: planFor(row.plan).defaultBudgetMicros, isDefault: true }
    : { budgetMicros: Number(row.monthly_budget_micros), isDefault: false };
}

async function evaluate(
  tx: Tx,
  customerId: string,
  row: CustomerBudgetRow | undefined,
  costMicros: number,
  now: Date,
): Promise<BudgetCheck> {
  const period = monthPeriod(now);
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
  const { budgetMicros, isDefault } = effectiveBudget(row);
  const spentMicros = (await periodUsage(tx, customerId, period)).totalMicros;
  const reservedMicros = await heldMicros(tx, customerId);
  const committed = spentMicros + reservedMicros;
  const fits = committed < budgetMicros && committed + Math.max(0, costMicros) <= budgetMicros;
  const allowed = row.status === "active" && fits;
  return {
    allowed,
    ...(allowed ? {} : { reason: row.status !== "active" ? "suspended" : "budget_reached" }),
    period: periodKey(period),
    budgetMicros,
    spentMicros,
    reservedMicros,
    remainingMicros: Math.max(0, budgetMicros - committed),
    isDefault,
  };
}

/**
 * Money committed but not yet in the usage ledger: open step reservations
 * (the knights' own mechanism, `budget_reservations`, taken through their
 * gate) and minutes of VMs running now, which are recorded as usage only
 * when the VM session closes. The knights' gate counts the same things.
 */
async function heldMicros(tx: Tx, customerId: string): Promise<number> {
  const { rows } = await tx.query<{ held: string }>(
    `select (
       (select coalesce(sum(amount_micros), 0) from public.budget_reservations
         where customer_id = $1 and settled_at is null)
       + (select coalesce(sum(ceil(extract(epoch from now() - started_at) / 60)), 0) * $2
            from public.vms
           where customer_id = $1 and started_at is not null and stopped_at is null)
     )::text as held`,
    [customerId, VM_MINUTE_MICROS],
  );
  return Number(rows[0]?.held ?? 0);
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
