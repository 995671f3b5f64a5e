/**
 * Suspending and reactivating a customer or a reseller: the one operation
 * behind the admin's /admin_suspend and /admin_resume, the dashboard's admin
 * pages and the JSON API. It runs as the admin under RLS; the status change
 * goes through `private.admin_set_<kind>_status`, which checks the admin flag
 * itself, and is audited in the same transaction as `<kind>.suspended` or
 * `<kind>.resumed`, whichever channel asked.
 */
import { audit } from "../audit/index.ts";
import type { Data } from "../db/index.ts";

export type AccountStatus = "active" | "suspended";

/** What came of a status change: done, no such account, or the caller is not a platform admin. */
export type StatusOutcome = "changed" | "not_found" | "not_allowed";

/** Sets a customer's or reseller's status as the platform admin `adminUserId`. */
export async function setAccountStatus(
  data: Data,
  {
    adminUserId,
    kind,
    id,
    status,
  }: { adminUserId: string; kind: "customer" | "reseller"; id: string; status: AccountStatus },
): Promise<StatusOutcome> {
  try {
    return await data.asUser({ sub: adminUserId }, async (tx) => {
      const { rows } = await tx.query<{ found: boolean }>(
        `select private.admin_set_${kind}_status($1, $2::public.customer_status) as found`,
        [id, status],
      );
      if (!rows[0]?.found) return "not_found";
      await audit(tx, {
        action: `${kind}.${status === "suspended" ? "suspended" : "resumed"}`,
        targetType: kind,
        targetId: id,
        ...(kind === "customer" ? { customerId: id } : { resellerId: id }),
      });
      return "changed";
    });
  } catch (error) {
    // 42501: the helper refused a caller who is not a platform admin.
    if ((error as { code?: string }).code === "42501") return "not_allowed";
    throw error;
  }
}
