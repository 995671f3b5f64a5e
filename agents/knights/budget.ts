/**
 * Budget reservations: before each step the knight reserves the step's
 * worst-case cost; after it, the reservation is settled with the real cost
 * (in `recordDecision`, in the same transaction that records the usage).
 *
 * The check locks the customer row first and only then sums this month's
 * usage, open reservations and running VM minutes (the spend gate's two
 * figures, `private.budget_micros` and `private.committed_micros`, defined
 * once in SQL for every caller: billing's budget status and King Mouse's
 * pre-call check use the same). It is deliberately two
 * statements rather than one: under READ COMMITTED a statement's snapshot is
 * taken when it starts, so a single statement that waited for the lock would
 * still sum the usage as it was before the other knight's reservation
 * committed. After the lock, each statement sees everything committed before
 * it, so concurrent knights of a customer take the last cents one at a time.
 * The two statements still travel as one round trip and one transaction
 * (`statementsAsService`): the second decides and reserves in SQL, and
 * returns the figures the refusal is explained with.
 *
 * The same statement also answers the loop's other before-step questions,
 * so a step opens in one round trip instead of six: whether the task was
 * asked to stop (nothing reserved if so), and the VM's agent activity
 * (written with the reservation). Its commit is lazy (see `CommitOptions`):
 * the decision that follows commits durably before any action is sent.
 */
import { modelCostMicros, VM_MINUTE_MICROS } from "../../billing/index.ts";
import type { Data } from "../../db/index.ts";

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
  | { ok: false; reason: "cancelled" }
  /** A person took (or asked for) the desktop's controls: the task pauses here. */
  | { ok: false; reason: "takeover" };

type Verdict = {
  outcome: "ok" | "cancelled" | "takeover" | "suspended" | "monthly_budget" | "task_budget";
  budget: string;
  committed: string;
  task_budget: string | null;
  task_committed: string;
};

/**
 * Reserves `amountMicros` for step `seq` of a task, or says which budget it
 * would break, or that the task was asked to stop. With `vmId`, a
 * reservation also records agent activity on that VM.
 */
export async function reserveStep(
  data: Data,
  r: { customerId: string; taskId: string; seq: number; amountMicros: number; vmId?: string },
): Promise<Reservation> {
  const values = [r.customerId, r.taskId, r.seq, r.amountMicros, r.vmId ?? null, VM_MINUTE_MICROS];
  const [, decided] = await data.statementsAsService(
    "knights: reserve",
    [
      {
        name: "knights_lock_customer",
        text: "select 1 from public.customers where id = $1 for update",
        values,
      },
      {
        name: "knights_reserve", // planning it took twice as long as running it
        text: `with customer as (
             select c.status,
                    private.budget_micros(c.plan, c.monthly_budget_micros) as budget,
                    (select t.cancel_requested_at is not null from public.tasks t where t.id = $2)
                      as cancel_requested,
                    (select t.control_requested_at is not null from public.tasks t where t.id = $2)
                      as control_requested
               from public.customers c where c.id = $1),
           sums as (
             select
               private.committed_micros($1, $6, $2, $3) as committed,
               t.budget_micros as task_budget,
               t.cost_micros
               + (select coalesce(sum(amount_micros), 0) from public.budget_reservations
                   where task_id = $2 and settled_at is null and seq <> $3) as task_committed
             from public.tasks t where t.id = $2),
           verdict as (
             select c.budget, s.committed, s.task_budget, s.task_committed,
                    case
                      when c.cancel_requested is distinct from false then 'cancelled'
                      when c.control_requested then 'takeover'
                      when c.status <> 'active' then 'suspended'
                      when s.committed + $4 > c.budget then 'monthly_budget'
                      when s.task_budget is not null and s.task_committed + $4 > s.task_budget
                        then 'task_budget'
                      else 'ok'
                    end as outcome
               from customer c left join sums s on true),
           reserved as (
             insert into public.budget_reservations (customer_id, task_id, seq, amount_micros)
             select $1::uuid, $2::uuid, $3::int, $4::bigint from verdict where outcome = 'ok'
             on conflict (task_id, seq) do update
               set amount_micros = excluded.amount_micros, settled_at = null,
                   settled_micros = null, created_at = now()
             returning 1),
           activity as (
             update public.vms set last_activity_at = now()
              where id = $5 and exists (select 1 from reserved))
         select outcome, budget::text, committed::text, task_budget::text, task_committed::text
           from verdict`,
        values,
      },
    ],
    { lazyCommit: true },
  );
  const v = decided?.rows[0] as Verdict | undefined;
  switch (v?.outcome) {
    case "ok":
      return { ok: true };
    case "takeover":
      return { ok: false, reason: "takeover" };
    case "suspended":
      return { ok: false, reason: "suspended", budgetMicros: Number(v.budget), committedMicros: 0 };
    case "monthly_budget":
      return {
        ok: false,
        reason: "monthly_budget",
        budgetMicros: Number(v.budget),
        committedMicros: Number(v.committed),
      };
    case "task_budget":
      return {
        ok: false,
        reason: "task_budget",
        budgetMicros: Number(v.task_budget),
        committedMicros: Number(v.task_committed),
      };
    default:
      // Asked to stop, or the task or customer is gone.
      return { ok: false, reason: "cancelled" };
  }
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
