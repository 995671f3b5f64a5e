/**
 * A customer's overview, approvals, billing extras and team, read (and for
 * the team, changed) as the caller under RLS.
 */

import { changeMemberRole, issueInvite, removeMembership } from "../../accounts/index.ts";
import type { ApprovalRow, Approvals } from "../../approvals/index.ts";
import { monthPeriod, type Period, periodUsage } from "../../billing/index.ts";
import type { Data, Tx } from "../../db/index.ts";
import type { MembershipRole } from "../principal.ts";
import type { CustomerAccess } from "./access.ts";
import { forbidden, notFound } from "./errors.ts";
import { type EmployeeSummary, listEmployees, listTasks, type TaskSummary } from "./work.ts";

export type Overview = {
  employees: EmployeeSummary[];
  runningTasks: TaskSummary[];
  spendMicros: number;
  pendingApprovals: number;
};

/** Employees, active tasks, this month's spend and the approvals waiting. */
export async function customerOverview(
  data: Data,
  userId: string,
  customerId: string,
): Promise<Overview> {
  const employees = await listEmployees(data, userId, customerId);
  const running = await listTasks(data, userId, customerId, { active: true, limit: 50 });
  const { spend, pending } = await data.asUser({ sub: userId }, async (tx) => {
    const usage = await periodUsage(tx, customerId);
    const { rows } = await tx.query<{ n: number }>(
      "select count(*)::int as n from public.approvals where customer_id = $1 and status = 'pending' and expires_at > now()",
      [customerId],
    );
    return { spend: usage.totalMicros, pending: rows[0]?.n ?? 0 };
  });
  return { employees, runningTasks: running.data, spendMicros: spend, pendingApprovals: pending };
}

export type ApprovalView = Pick<
  ApprovalRow,
  | "id"
  | "kind"
  | "summary"
  | "status"
  | "task_id"
  | "expires_at"
  | "effect_status"
  | "effect_result"
  | "payload"
> & { created_at: Date };

/** Approvals of the customer: by default the ones still waiting. */
export async function listApprovals(
  data: Data,
  userId: string,
  customerId: string,
  { status = "pending" }: { status?: "pending" | "all" } = {},
): Promise<ApprovalView[]> {
  return data.asUser({ sub: userId }, async (tx) => {
    const { rows } = await tx.query<ApprovalView>(
      `select id, kind, summary, payload, status, task_id, expires_at, effect_status, effect_result, created_at
         from public.approvals
        where customer_id = $1 ${status === "pending" ? "and status = 'pending' and expires_at > now()" : ""}
        order by created_at desc limit 100`,
      [customerId],
    );
    return rows;
  });
}

/**
 * Approves or denies one of the customer's approvals as the caller, through
 * the one decision every channel uses (the work starts from the
 * approval-effects queue). Another tenant's approval is a 404, a viewer's
 * attempt a 403; a second decision reports what was decided first.
 */
export async function decide(
  approvals: Approvals,
  userId: string,
  access: CustomerAccess,
  approvalId: string,
  approve: boolean,
): Promise<{ outcome: string; status: string }> {
  const decision = await approvals.decide({ approvalId, userId, approve, customerId: access.id });
  if (decision.outcome === "not_found") throw notFound("No such approval");
  if (decision.outcome === "forbidden" || !access.canWrite)
    throw forbidden("Viewers cannot approve or deny");
  return { outcome: decision.outcome, status: decision.approval.status };
}

export type UsageDay = { day: string; costMicros: number; messages: number; vmMinutes: number };

/** Usage cost per UTC day of a period (every day present, zero when idle), for the chart. */
export async function usageByDay(
  data: Data,
  userId: string,
  customerId: string,
  period: Period = monthPeriod(),
): Promise<UsageDay[]> {
  return data.asUser({ sub: userId }, async (tx) => {
    const { rows } = await tx.query<UsageDay>(
      `select to_char(d, 'YYYY-MM-DD') as day,
              coalesce(sum(u.cost_micros), 0)::float8 as "costMicros",
              coalesce(sum(u.quantity) filter (where u.kind = 'message'), 0)::float8 as messages,
              coalesce(sum(u.quantity) filter (where u.kind = 'vm_minutes'), 0)::float8 as "vmMinutes"
         from generate_series($2::timestamptz at time zone 'utc', ($3::timestamptz at time zone 'utc') - interval '1 day', interval '1 day') d
         left join public.usage_events u
           on u.customer_id = $1 and (u.occurred_at at time zone 'utc') >= d
          and (u.occurred_at at time zone 'utc') < d + interval '1 day'
        group by d order by d`,
      [customerId, period.start, period.end],
    );
    return rows;
  });
}

export type BillingExtras = {
  alerts: { period: string; threshold_pct: number; sent_at: Date }[];
  invoices: {
    stripe_invoice_id: string;
    amount_paid_micros: number;
    currency: string;
    paid_at: Date;
  }[];
};

/** Budget alerts sent and invoices paid, newest first. */
export async function billingExtras(
  data: Data,
  userId: string,
  customerId: string,
): Promise<BillingExtras> {
  return data.asUser({ sub: userId }, async (tx) => {
    const alerts = await tx.query<BillingExtras["alerts"][number]>(
      `select period, threshold_pct, sent_at from public.budget_alerts
        where customer_id = $1 order by sent_at desc limit 12`,
      [customerId],
    );
    const invoices = await tx.query<BillingExtras["invoices"][number]>(
      `select stripe_invoice_id, amount_paid_micros::float8 as amount_paid_micros, currency, paid_at
         from public.invoice_payments where customer_id = $1 order by paid_at desc limit 24`,
      [customerId],
    );
    return { alerts: alerts.rows, invoices: invoices.rows };
  });
}

export type Member = {
  membership_id: string;
  user_id: string;
  display_name: string | null;
  telegram_username: string | null;
  role: MembershipRole;
  created_at: Date;
};

export type PendingInvite = {
  id: string;
  token: string | null;
  role: MembershipRole;
  expires_at: Date;
};

/** The customer's members and (for its managers) the invites not yet used. */
export async function listTeam(
  data: Data,
  userId: string,
  customerId: string,
): Promise<{ members: Member[]; invites: PendingInvite[] }> {
  return data.asUser({ sub: userId }, async (tx) => {
    const members = await tx.query<Member>(
      `select m.id as membership_id, m.user_id, u.display_name, u.telegram_username, m.role, m.created_at
         from public.memberships m join public.users u on u.id = m.user_id
        where m.customer_id = $1 order by m.created_at`,
      [customerId],
    );
    // RLS shows invites to managers only; others get an empty list.
    const invites = await tx.query<PendingInvite>(
      `select id, token, role, expires_at from public.invites
        where customer_id = $1 and redeemed_at is null and expires_at > now()
        order by created_at desc`,
      [customerId],
    );
    return { members: members.rows, invites: invites.rows };
  });
}

/** Changes a member's role (managers only); a member of another customer is a 404. */
export async function setMemberRole(
  data: Data,
  userId: string,
  access: CustomerAccess,
  membershipId: string,
  role: MembershipRole,
): Promise<void> {
  await changeMembership(data, userId, access, membershipId, (tx) =>
    changeMemberRole(tx, { customerId: access.id, membershipId, role }),
  );
}

/** Removes a member (managers only); nobody removes themselves this way. */
export async function removeMember(
  data: Data,
  userId: string,
  access: CustomerAccess,
  membershipId: string,
): Promise<void> {
  await changeMembership(data, userId, access, membershipId, (tx) =>
    removeMembership(tx, { customerId: access.id, membershipId }),
  );
}

async function changeMembership(
  data: Data,
  userId: string,
  access: CustomerAccess,
  membershipId: string,
  change: (tx: Tx) => Promise<boolean>,
) {
  await data.asUser({ sub: userId }, async (tx) => {
    const { rows } = await tx.query<{ user_id: string }>(
      "select user_id from public.memberships where id = $1 and customer_id = $2",
      [membershipId, access.id],
    );
    const target = rows[0];
    if (!target) throw notFound("No such member");
    if (!access.canManage) throw forbidden("Only owners and admins manage the team");
    if (target.user_id === userId) throw forbidden("You cannot change your own membership");
    if (!(await change(tx))) throw forbidden("Only owners and admins manage the team");
  });
}

/** A single-use invite joining the customer with `role` (managers only); its token goes in the bot's deep link. */
export async function createMemberInvite(
  data: Data,
  userId: string,
  access: CustomerAccess,
  role: MembershipRole,
  { ttlHours = 72 }: { ttlHours?: number } = {},
): Promise<{ token: string; expiresAt: Date }> {
  if (!access.canManage) throw forbidden("Only owners and admins invite members");
  return data.asUser({ sub: userId }, (tx) =>
    issueInvite(tx, { customerId: access.id, role, createdBy: userId, ttlHours }),
  );
}
