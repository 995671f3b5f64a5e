/**
 * Budget reservations: before each step the knight reserves the step's
 * worst-case cost; after it, the reservation is settled with the real cost
 * (in `recordDecision`, in the same transaction that records the usage).
 *
 * The check locks the customer row first and only then sums this month's
 * usage, open reservations and running VM minutes. It is deliberately two
 * statements in one transaction rather than one statement: under READ
 * COMMITTED a statement's snapshot is taken when it starts, so a single
 * statement that waited for the lock would still sum the usage as it was
 * before the other knight's reservation committed. After the lock, each
 * statement sees everything committed before it, so concurrent knights of a
 * customer take the last cents one at a time.
 *
 * The same transaction also answers the loop's other before-step questions,
 * so a step opens in one transaction instead of three: whether the task was
 * asked to stop (read with the customer lock, nothing reserved if so), and
 * the VM's agent activity (written with the reservation).
 */
import { modelCostMicros, planFor, VM_MINUTE_MICROS } from "../../billing/index.ts";
import type { Tx } from "../../db/index.ts";

/** Why a step could not reserve its cost (the task pauses until the budget allows). */
export type BudgetRefusal = {
  ok: false;
  reason: "monthly_budget" | "task_budget" | "suspended";
  budgetMicros: number;
  committedMicros: number;
};

export type Reservation =
  | { ok: true }
  | BudgetRefusal
  /** Someone asked the task to stop (or it is gone): nothing was reserved. */
  | { ok: false; reason: "cancelled" };

const MONTH_START = "date_trunc('month', now() at time zone 'utc') at time zone 'utc'";

/**
 * Reserves `amountMicros` for step `seq` of a task, or says which budget it
 * would break, or that the task was asked to stop. With `vmId`, a
 * reservation also records agent activity on that VM.
 */
export async function reserveStep(
  tx: Tx,
  r: { customerId: string; taskId: string; seq: number; amountMicros: number; vmId?: string },
): Promise<Reservation> {
  const { rows: customers } = await tx.query<{
    plan: string;
    status: string;
    monthly_budget_micros: string | null;
    cancel_requested: boolean | null;
  }>(
    `select c.plan, c.status, c.monthly_budget_micros::text,
            (select t.cancel_requested_at is not null from public.tasks t where t.id = $2)
              as cancel_requested
       from public.customers c where c.id = $1 for update of c`,
    [r.customerId, r.taskId],
  );
  const customer = customers[0];
  if (customer?.cancel_requested !== false) return { ok: false, reason: "cancelled" };
  const budgetMicros =
    customer?.monthly_budget_micros != null
      ? Number(customer.monthly_budget_micros)
      : planFor(customer?.plan ?? "free").defaultBudgetMicros;
  if (customer?.status !== "active")
    return { ok: false, reason: "suspended", budgetMicros, committedMicros: 0 };

  const { rows } = await tx.query<{
    spent: string;
    reserved: string;
    vm: string;
    task_cost: string;
    task_budget: string | null;
    task_reserved: string;
  }>(
    `select
       (select coalesce(sum(cost_micros), 0) from public.usage_events
         where customer_id = $1 and occurred_at >= ${MONTH_START})::text as spent,
       (select coalesce(sum(amount_micros), 0) from public.budget_reservations
         where customer_id = $1 and settled_at is null
           and not (task_id = $2 and seq = $3))::text as reserved,
       (select coalesce(sum(ceil(extract(epoch from now() - started_at) / 60)), 0) * $4
          from public.vms
         where customer_id = $1 and started_at is not null and stopped_at is null)::text as vm,
       t.cost_micros::text as task_cost,
       t.budget_micros::text as task_budget,
       (select coalesce(sum(amount_micros), 0) from public.budget_reservations
         where task_id = $2 and settled_at is null and seq <> $3)::text as task_reserved
     from public.tasks t where t.id = $2`,
    [r.customerId, r.taskId, r.seq, VM_MINUTE_MICROS],
  );
  const sums = rows[0];
  if (!sums) return { ok: false, reason: "task_budget", budgetMicros: 0, committedMicros: 0 };
  const committedMicros = Number(sums.spent) + Number(sums.reserved) + Number(sums.vm);
  if (committedMicros + r.amountMicros > budgetMicros)
    return { ok: false, reason: "monthly_budget", budgetMicros, committedMicros };
  if (sums.task_budget !== null) {
    const taskCommitted = Number(sums.task_cost) + Number(sums.task_reserved);
    if (taskCommitted + r.amountMicros > Number(sums.task_budget)) {
      return {
        ok: false,
        reason: "task_budget",
        budgetMicros: Number(sums.task_budget),
        committedMicros: taskCommitted,
      };
    }
  }
  await tx.query(
    `with activity as (update public.vms set last_activity_at = now() where id = $5)
     insert into public.budget_reservations (customer_id, task_id, seq, amount_micros)
     values ($1, $2, $3, $4)
     on conflict (task_id, seq) do update
       set amount_micros = excluded.amount_micros, settled_at = null, settled_micros = null,
           created_at = now()`,
    [r.customerId, r.taskId, r.seq, r.amountMicros, r.vmId ?? null],
  );
  return { ok: true };
}

/**
 * The most a step can cost: the whole prompt written to the cache (the
 * dearest way to send input) plus a full reply, on the dearest model that
 * may answer, plus one VM minute of headroom.
 */
export function worstCaseStepMicros(
  models: readonly string[],
  promptTokens: number,
  maxOutputTokens: number,
): number {
  const model = Math.max(
    0,
    ...models.map((m) =>
      modelCostMicros(m, { input: 0, cacheWrite: promptTokens, output: maxOutputTokens }),
    ),
  );
  return model + VM_MINUTE_MICROS;
}
