/**
 * Consent for actions that spend money or destroy things. The brain (or any
 * feature) records a pending approval; the customer decides with one tap;
 * the decision is one conditional UPDATE, so a double tap, a stale button or
 * a replayed callback decides nothing a second time. Deciding runs as the
 * tapping user under RLS: a viewer, a stranger or another tenant's user
 * cannot approve. Approving also marks the approval's effect as owed, in the
 * same statement (a trigger, see 20261207100000_approval_effects.sql); the
 * executor registered for its kind runs from the approval-effects queue
 * (`effects.ts`), so every channel that decides starts the work the same way,
 * and a crash right after the decision loses nothing.
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
  /** What the approval unlocked: owed once approved, then running, done or failed. */
  effect_status: "pending" | "running" | "done" | "failed" | null;
  /** The line the customer was told when the effect ran. */
  effect_result: string | null;
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
  /** The caller sees the approval but may not decide it (a viewer). */
  | { outcome: "forbidden"; approval: ApprovalRow }
  | { outcome: "not_found" };

export type DecisionInput = {
  approvalId: string;
  userId: string;
  approve: boolean;
  /** When given, an approval of another customer is `not_found` even for a user who sees both. */
  customerId?: string;
};

/**
 * Decides a pending approval as `userId`. Exactly one concurrent caller gets
 * `approved`/`denied`; the rest learn it was already decided. Approving
 * commits the effect as owed with the decision; `createApprovals` (or the
 * relay) gets it run.
 */
export async function decideApproval(
  data: Data,
  { approvalId, userId, approve, customerId }: DecisionInput,
): Promise<Decision> {
  return data.asUser({ sub: userId }, async (tx) => {
    const updated = await tx.query<ApprovalRow>(
      `update public.approvals
          set status = $3, decided_by = $2, decided_at = now()
        where id = $1 and status = 'pending' and expires_at > now()
          and ($4::uuid is null or customer_id = $4)
        returning *`,
      [approvalId, userId, approve ? "approved" : "denied", customerId ?? null],
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
      `select *, expires_at <= now() as is_expired from public.approvals
        where id = $1 and ($2::uuid is null or customer_id = $2)`,
      [approvalId, customerId ?? null],
    );
    const found = existing.rows[0];
    if (!found) return { outcome: "not_found" };
    if (found.status === "pending")
      return { outcome: found.is_expired ? "expired" : "forbidden", approval: found };
    return { outcome: "already_decided", approval: found };
  });
}

/**
 * What runs once an approval of some kind is granted; returns a line for the
 * customer. It may run more than once for one approval (a worker that died
 * after starting it), so it must be idempotent. Throw `EffectRefusedError`
 * when the approval cannot be carried out at all (retrying will not help).
 */
export type ApprovalExecutor = (approval: ApprovalRow) => Promise<string>;

/** The approved action cannot be carried out; `message` is for the customer. */
export class EffectRefusedError extends Error {
  override name = "EffectRefusedError";
}

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
