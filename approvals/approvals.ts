/**
 * Consent for actions that spend money or destroy things. The brain (or any
 * feature) records a pending approval; the customer decides with one tap;
 * the decision is one conditional UPDATE, so a double tap, a stale button or
 * a replayed callback decides nothing a second time. Deciding runs as the
 * tapping user under RLS: a viewer, a stranger or another tenant's user
 * cannot approve. What an approval unlocks is run by the executor registered
 * for its kind, only after the decision committed.
 */
import { audit } from "../audit/index.ts";
import type { Data, Tx } from "../db/index.ts";

export type ApprovalRow = {
  id: string;
  customer_id: string;
  task_id: string | null;
  kind: string;
  summary: string;
  payload: Record<string, unknown>;
  status: "pending" | "approved" | "denied" | "expired";
  requested_by: string | null;
  decided_by: string | null;
  expires_at: Date;
};

export type ApprovalRequest = {
  customerId: string;
  userId: string | null;
  kind: string;
  /** One line the customer reads next to the buttons. */
  summary: string;
  payload: Record<string, unknown>;
  taskId?: string;
  ttlMinutes?: number;
};

/** Records a pending approval in the caller's transaction and returns its id. */
export async function requestApproval(
  tx: Tx,
  request: ApprovalRequest,
): Promise<{ id: string; expiresAt: Date }> {
  const { rows } = await tx.query<{ id: string; expires_at: Date }>(
    `insert into public.approvals (customer_id, task_id, kind, summary, payload, requested_by, expires_at)
     values ($1, $2, $3, $4, $5, $6, now() + make_interval(mins => $7))
     returning id, expires_at`,
    [
      request.customerId,
      request.taskId ?? null,
      request.kind,
      request.summary.slice(0, 500),
      JSON.stringify(request.payload),
      request.userId,
      request.ttlMinutes ?? 60,
    ],
  );
  return { id: rows[0]!.id, expiresAt: rows[0]!.expires_at };
}

export type Decision =
  | { outcome: "approved" | "denied"; approval: ApprovalRow }
  | { outcome: "already_decided"; approval: ApprovalRow }
  | { outcome: "expired"; approval: ApprovalRow }
  | { outcome: "not_found" };

/**
 * Decides a pending approval as `userId`. Exactly one concurrent caller gets
 * `approved`/`denied`; the rest learn it was already decided.
 */
export async function decideApproval(
  data: Data,
  { approvalId, userId, approve }: { approvalId: string; userId: string; approve: boolean },
): Promise<Decision> {
  return data.asUser({ sub: userId }, async (tx) => {
    const updated = await tx.query<ApprovalRow>(
      `update public.approvals
          set status = $3, decided_by = $2, decided_at = now()
        where id = $1 and status = 'pending' and expires_at > now()
        returning *`,
      [approvalId, userId, approve ? "approved" : "denied"],
    );
    const row = updated.rows[0];
    if (row) {
      await audit(tx, {
        action: approve ? "approval.approved" : "approval.denied",
        targetType: "approval",
        targetId: row.id,
        customerId: row.customer_id,
        detail: { kind: row.kind, summary: row.summary },
      });
      return { outcome: approve ? "approved" : "denied", approval: row };
    }
    const existing = await tx.query<ApprovalRow & { is_expired: boolean }>(
      "select *, expires_at <= now() as is_expired from public.approvals where id = $1",
      [approvalId],
    );
    const found = existing.rows[0];
    if (!found) return { outcome: "not_found" };
    if (found.status === "pending" && found.is_expired)
      return { outcome: "expired", approval: found };
    return { outcome: "already_decided", approval: found };
  });
}

/** What runs once an approval of some kind is granted; returns a line for the customer. */
export type ApprovalExecutor = (approval: ApprovalRow) => Promise<string>;

/** Maps approval kinds to their executors. */
export function createApprovalExecutors(executors: Record<string, ApprovalExecutor> = {}) {
  const registry = new Map(Object.entries(executors));
  return {
    register(kind: string, executor: ApprovalExecutor) {
      registry.set(kind, executor);
    },
    async execute(approval: ApprovalRow): Promise<string> {
      const executor = registry.get(approval.kind);
      if (!executor) throw new Error(`no executor for approval kind "${approval.kind}"`);
      return executor(approval);
    },
  };
}

export type ApprovalExecutors = ReturnType<typeof createApprovalExecutors>;
