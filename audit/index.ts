import type { Tx } from "../db/index.ts";

/** One audited event: who did it is taken from the transaction's session, never from here. */
export type AuditEntry = {
  action: string;
  targetType?: string;
  targetId?: string;
  customerId?: string | null;
  resellerId?: string | null;
  detail?: Record<string, unknown>;
};

/**
 * Appends to the audit log inside the caller's transaction, so the entry
 * commits or rolls back with the action it records. Under `asUser` the actor
 * is the session's user; under `asService` it is the system.
 */
export async function audit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.query("select private.audit($1, $2, $3, $4, $5, $6)", [
    entry.action,
    entry.targetType ?? null,
    entry.targetId ?? null,
    entry.customerId ?? null,
    entry.resellerId ?? null,
    JSON.stringify(entry.detail ?? {}),
  ]);
}
