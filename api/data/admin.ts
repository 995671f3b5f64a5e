/**
 * The platform admin's view: every reseller and customer, suspension, and
 * system health. Reads run as the admin under RLS (admins' policies see all);
 * suspension goes through `private.admin_set_customer_status`, which checks
 * the admin flag itself.
 */
import { type AccountStatus, setAccountStatus } from "../../accounts/index.ts";
import type { Data } from "../../db/index.ts";
import type { Notifier } from "../../notify/index.ts";
import type { QueueKit } from "../../queue/index.ts";
import { QUEUE_NAMES, type QueueRole } from "../../queue/names.ts";
import { badRequest, notFound } from "./errors.ts";
import { type Cursor, decodeCursor, type Page, toPage } from "./pagination.ts";

export type AdminCustomer = {
  id: string;
  name: string;
  status: string;
  plan: string;
  reseller_id: string | null;
  reseller_name: string | null;
  created_at: Date;
};

/** Every customer, newest first, a page at a time. */
export async function adminCustomers(
  data: Data,
  userId: string,
  { cursor, limit = 50, resellerId }: { cursor?: string; limit?: number; resellerId?: string } = {},
): Promise<Page<AdminCustomer>> {
  const after: Cursor | undefined = decodeCursor(cursor);
  const rows = await data.asUser({ sub: userId }, async (tx) => {
    const params: unknown[] = [limit + 1];
    const where = ["true"];
    if (resellerId) where.push(`c.reseller_id = $${params.push(resellerId)}`);
    if (after) {
      where.push(
        `(c.created_at, c.id) < ($${params.push(after.t)}::timestamptz, $${params.push(after.id)}::uuid)`,
      );
    }
    const { rows } = await tx.query<AdminCustomer & { cursor_ts: string }>(
      `select c.id, c.name, c.status::text as status, c.plan, c.reseller_id, r.name as reseller_name,
              c.created_at, c.created_at::text as cursor_ts
         from public.customers c left join public.resellers r on r.id = c.reseller_id
        where ${where.join(" and ")}
        order by c.created_at desc, c.id desc limit $1`,
      params,
    );
    return rows;
  });
  return toPage(rows, limit);
}

export type AdminReseller = {
  id: string;
  name: string;
  status: string;
  revenue_share_bps: number;
  customers: number;
};

/** Every reseller with its customer count. */
export async function adminResellers(data: Data, userId: string): Promise<AdminReseller[]> {
  return data.asUser({ sub: userId }, async (tx) => {
    const { rows } = await tx.query<AdminReseller>(
      `select r.id, r.name, r.status::text as status, r.revenue_share_bps,
              (select count(*)::int from public.customers c where c.reseller_id = r.id) as customers
         from public.resellers r order by r.name`,
    );
    return rows;
  });
}

export type StatusRequest = {
  status: AccountStatus;
  /** Required to suspend: the customer reads it. */
  reason?: string;
  notifier?: Pick<Notifier, "send">;
};

/** Suspends or resumes a customer as a platform admin (accounts' one operation); false for a non-admin caller. */
export function setCustomerStatus(
  data: Data,
  userId: string,
  customerId: string,
  request: StatusRequest,
): Promise<boolean> {
  return setStatus(data, userId, "customer", customerId, request);
}

/** Suspends or resumes a reseller as a platform admin; false for a non-admin caller. */
export function setResellerStatus(
  data: Data,
  userId: string,
  resellerId: string,
  request: StatusRequest,
): Promise<boolean> {
  return setStatus(data, userId, "reseller", resellerId, request);
}

async function setStatus(
  data: Data,
  adminUserId: string,
  kind: "customer" | "reseller",
  id: string,
  { status, reason, notifier }: StatusRequest,
): Promise<boolean> {
  const outcome = await setAccountStatus(
    data,
    { adminUserId, kind, id, status, ...(reason ? { reason } : {}) },
    notifier ? { notifier } : {},
  );
  if (outcome === "not_found") throw notFound(`No such ${kind}`);
  if (outcome === "reason_required") throw badRequest("Say why: the customer is told the reason");
  return outcome === "changed" || outcome === "unchanged";
}

export type SystemHealth = {
  queues: {
    role: QueueRole;
    name: string;
    counts: Record<string, number> | null;
    workers: number | null;
  }[];
  vms: Record<string, number>;
  tasks24h: { total: number; failed: number; errorRate: number };
  steps24h: { total: number; failed: number; errorRate: number };
  liveViewers: number;
};

const rate = (failed: number, total: number) => (total === 0 ? 0 : failed / total);

/** Queue depths and workers, VMs by status, and the last day's task and step error rates. */
export async function systemHealth(
  data: Data,
  userId: string,
  queues?: QueueKit,
): Promise<SystemHealth> {
  const db = await data.asUser({ sub: userId }, async (tx) => {
    const vms = await tx.query<{ status: string; n: number }>(
      "select status, count(*)::int as n from public.vms group by status",
    );
    const tasks = await tx.query<{ total: number; failed: number }>(
      `select count(*)::int as total, count(*) filter (where status = 'failed')::int as failed
         from public.tasks where created_at > now() - interval '1 day'`,
    );
    const steps = await tx.query<{ total: number; failed: number }>(
      `select count(*)::int as total, count(*) filter (where status = 'failed')::int as failed
         from public.task_steps where started_at > now() - interval '1 day'`,
    );
    const viewers = await tx.query<{ n: number }>(
      "select count(*)::int as n from public.live_viewers where expires_at > now()",
    );
    return {
      vms: vms.rows,
      tasks: tasks.rows[0]!,
      steps: steps.rows[0]!,
      viewers: viewers.rows[0]!.n,
    };
  });
  const roles = Object.keys(QUEUE_NAMES) as QueueRole[];
  const queueStats = await Promise.all(
    roles.map(async (role) => {
      if (!queues) return { role, name: QUEUE_NAMES[role], counts: null, workers: null };
      const queue = queues.queue(role);
      const [counts, workers] = await Promise.all([
        queue.getJobCounts("waiting", "active", "delayed", "failed", "completed").catch(() => null),
        queue.getWorkersCount().catch(() => null),
      ]);
      return { role, name: queues.name(role), counts, workers };
    }),
  );
  return {
    queues: queueStats,
    vms: Object.fromEntries(db.vms.map((r) => [r.status, r.n])),
    tasks24h: { ...db.tasks, errorRate: rate(db.tasks.failed, db.tasks.total) },
    steps24h: { ...db.steps, errorRate: rate(db.steps.failed, db.steps.total) },
    liveViewers: db.viewers,
  };
}
