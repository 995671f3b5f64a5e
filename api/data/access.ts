/**
 * What the caller may do with a customer or reseller, asked of the database
 * under RLS: no row means not theirs (404); the private helpers the policies
 * use say whether they may write (owner/admin/member, or the reseller's
 * owner/admin) and manage (owner/admin, or the reseller's owner/admin).
 */
import type { Data } from "../../db/index.ts";
import { notFound } from "./errors.ts";

export type CustomerAccess = {
  id: string;
  name: string;
  status: "active" | "suspended";
  /** Why it is suspended (the admin's words), null when active. */
  statusReason: string | null;
  plan: string;
  resellerId: string | null;
  canWrite: boolean;
  canManage: boolean;
};

export type ResellerAccess = {
  id: string;
  name: string;
  revenueShareBps: number;
  status: string;
  canManage: boolean;
};

/** The customer as `userId` may see it, or a 404. */
export async function customerAccess(
  data: Data,
  userId: string,
  customerId: string,
): Promise<CustomerAccess> {
  const row = await data.asUser({ sub: userId }, async (tx) => {
    const { rows } = await tx.query<{
      id: string;
      name: string;
      status: "active" | "suspended";
      status_reason: string | null;
      plan: string;
      reseller_id: string | null;
      can_write: boolean;
      can_manage: boolean;
    }>(
      `select c.id, c.name, c.status, c.status_reason, c.plan, c.reseller_id,
              (select private.is_platform_admin()) or c.id in (select private.writable_customer_ids()) as can_write,
              (select private.is_platform_admin()) or c.id in (select private.managed_customer_ids()) as can_manage
         from public.customers c where c.id = $1`,
      [customerId],
    );
    return rows[0];
  });
  if (!row) throw notFound("No such customer");
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    statusReason: row.status_reason,
    plan: row.plan,
    resellerId: row.reseller_id,
    canWrite: row.can_write,
    canManage: row.can_manage,
  };
}

/** The reseller as `userId` may see it, or a 404. */
export async function resellerAccess(
  data: Data,
  userId: string,
  resellerId: string,
): Promise<ResellerAccess> {
  const row = await data.asUser({ sub: userId }, async (tx) => {
    const { rows } = await tx.query<{
      id: string;
      name: string;
      revenue_share_bps: number;
      status: string;
      can_manage: boolean;
    }>(
      `select r.id, r.name, r.revenue_share_bps, r.status::text as status,
              (select private.is_platform_admin()) or r.id in (select private.managed_reseller_ids()) as can_manage
         from public.resellers r where r.id = $1`,
      [resellerId],
    );
    return rows[0];
  });
  if (!row) throw notFound("No such reseller");
  return {
    id: row.id,
    name: row.name,
    revenueShareBps: row.revenue_share_bps,
    status: row.status,
    canManage: row.can_manage,
  };
}
