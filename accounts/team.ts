/**
 * A customer's team: invites, role changes and removals. Each is one function
 * that runs in the caller's transaction as the acting user, so RLS decides
 * who may (owners and admins of the customer or its reseller; platform
 * admins), and audits itself there. The dashboard's team page, the JSON API
 * and the reseller's pages call these; they check what they show on top.
 */
import { audit } from "../audit/index.ts";
import type { Tx } from "../db/index.ts";
import { newInviteToken } from "./invites.ts";

export type MemberRole = "owner" | "admin" | "member" | "viewer";

/** A single-use invite joining `customerId` with `role`; its token goes in the bot's deep link. */
export async function issueInvite(
  tx: Tx,
  {
    customerId,
    role,
    createdBy,
    resellerId,
    ttlHours = 72,
  }: {
    customerId: string;
    role: MemberRole;
    createdBy: string;
    resellerId?: string;
    ttlHours?: number;
  },
): Promise<{ token: string; expiresAt: Date }> {
  const token = newInviteToken();
  const { rows } = await tx.query<{ id: string; expires_at: Date }>(
    `insert into public.invites (token, customer_id, role, created_by, expires_at)
     values ($1, $2, $3, $4, now() + make_interval(hours => $5)) returning id, expires_at`,
    [token, customerId, role, createdBy, ttlHours],
  );
  await audit(tx, {
    action: "invite.created",
    targetType: "invite",
    targetId: rows[0]!.id,
    customerId,
    ...(resellerId ? { resellerId } : {}),
    detail: { role },
  });
  return { token, expiresAt: rows[0]!.expires_at };
}

/** Gives a member another role; false when RLS kept the caller from it. */
export async function changeMemberRole(
  tx: Tx,
  {
    customerId,
    membershipId,
    role,
  }: { customerId: string; membershipId: string; role: MemberRole },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    "update public.memberships set role = $3 where id = $1 and customer_id = $2",
    [membershipId, customerId, role],
  );
  if (rowCount !== 1) return false;
  await audit(tx, {
    action: "membership.role_changed",
    targetType: "membership",
    targetId: membershipId,
    customerId,
    detail: { role },
  });
  return true;
}

/** Removes a member from the customer; false when RLS kept the caller from it. */
export async function removeMembership(
  tx: Tx,
  { customerId, membershipId }: { customerId: string; membershipId: string },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    "delete from public.memberships where id = $1 and customer_id = $2",
    [membershipId, customerId],
  );
  if (rowCount !== 1) return false;
  await audit(tx, {
    action: "membership.removed",
    targetType: "membership",
    targetId: membershipId,
    customerId,
  });
  return true;
}
