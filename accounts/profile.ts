/**
 * A customer's own description of their business, as the bot's onboarding
 * asks for it (and any later channel that edits it): one function, run in
 * the caller's transaction as the customer's user (RLS lets owners and
 * admins change their customer's name and description), audited there.
 */
import { audit } from "../audit/index.ts";
import type { Tx } from "../db/index.ts";

/** Records the answers of onboarding: the business's name, what it needs, the plan it picked. */
export async function completeOnboarding(
  tx: Tx,
  {
    customerId,
    name,
    needs,
    plan,
  }: { customerId: string; name: string; needs: string; plan: string },
): Promise<void> {
  await tx.query(
    "update public.customers set name = $2, business_description = $3, updated_at = now() where id = $1",
    [customerId, name, needs],
  );
  await audit(tx, {
    action: "customer.onboarded",
    targetType: "customer",
    targetId: customerId,
    customerId,
    detail: { plan },
  });
}
