/**
 * Admin credits and refunds: ledger entries in the customer's favour,
 * written as the admin (RLS lets only platform admins insert into the
 * ledger) together with their audit entry, once per idempotency key.
 */
import { audit } from "../audit/index.ts";
import type { Data } from "../db/index.ts";
import { BillingError, isPermissionDenied } from "./errors.ts";

export type CreditRequest = {
  adminUserId: string;
  customerId: string;
  /** Micro-dollars in the customer's favour; negative takes credit back (an adjustment). */
  amountMicros: number;
  reason: string;
  /** E.g. the admin command's message id: a repeated command credits once. */
  idempotencyKey: string;
  /** `refund` for money given back for a failed task; default `credit`. */
  kind?: "credit" | "refund";
};

/**
 * Grants or takes back credit: the one operation behind /admin_credit and
 * any admin page. Records a credit, refund or (negative) adjustment once per
 * idempotency key, audited as `billing.credit` (or `billing.refund`);
 * `recorded: false` when the key was used before.
 */
export async function creditCustomer(
  data: Data,
  request: CreditRequest,
): Promise<{ recorded: boolean; entryId: string }> {
  const { adminUserId, customerId, amountMicros, idempotencyKey, kind = "credit" } = request;
  const reason = request.reason.trim();
  if (!Number.isSafeInteger(amountMicros) || amountMicros === 0) {
    throw new BillingError(
      "A credit is a non-zero whole number of micro-dollars",
      "invalid_amount",
    );
  }
  if (amountMicros < 0 && kind === "refund") {
    throw new BillingError("A refund is a positive amount", "invalid_amount");
  }
  if (reason.length === 0 || reason.length > 500) {
    throw new BillingError("A credit needs a reason (up to 500 characters)", "invalid_amount");
  }
  try {
    return await data.asUser({ sub: adminUserId }, async (tx) => {
      const inserted = await tx.query<{ id: string }>(
        `insert into public.credit_ledger (customer_id, kind, amount_micros, reason, idempotency_key, created_by)
         values ($1, $2, $3, $4, $5, $6)
         on conflict (idempotency_key) do nothing returning id`,
        [
          customerId,
          amountMicros < 0 ? "adjustment" : kind,
          amountMicros,
          reason,
          `admin:${idempotencyKey}`,
          adminUserId,
        ],
      );
      const entry = inserted.rows[0];
      if (!entry) {
        const { rows } = await tx.query<{ id: string }>(
          "select id from public.credit_ledger where idempotency_key = $1",
          [`admin:${idempotencyKey}`],
        );
        return { recorded: false, entryId: rows[0]!.id };
      }
      await audit(tx, {
        action: kind === "refund" ? "billing.refund" : "billing.credit",
        targetType: "credit_ledger",
        targetId: entry.id,
        customerId,
        detail: { amountMicros, reason },
      });
      return { recorded: true, entryId: entry.id };
    });
  } catch (error) {
    if (isPermissionDenied(error)) {
      throw new BillingError("Only a platform admin can credit a customer", "not_allowed", {
        cause: error,
      });
    }
    throw error;
  }
}
