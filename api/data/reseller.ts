/**
 * A reseller's side: its customers with status and usage, its revenue share
 * (billing's `resellerEarnings`), and onboarding invites for its customers.
 */
import { createCustomerInvite, issueInvite } from "../../accounts/index.ts";
import {
  monthPeriod,
  type Period,
  type ResellerMonth,
  resellerEarnings,
  resellerEarningsHistory,
} from "../../billing/index.ts";
import type { Data } from "../../db/index.ts";
import type { ResellerAccess } from "./access.ts";
import { forbidden, notFound } from "./errors.ts";

export type ResellerCustomer = {
  id: string;
  name: string;
  status: string;
  plan: string;
  members: number;
  employees: number;
  usageMicros: number;
  earnedMicros: number;
  /** True while the owner invite has not been used (the business has not scanned yet). */
  awaitingOwner: boolean;
};

/** The reseller's customers with this period's usage and earnings. */
export async function resellerCustomers(
  data: Data,
  userId: string,
  reseller: ResellerAccess,
  period: Period = monthPeriod(),
): Promise<{
  customers: ResellerCustomer[];
  earnings: Awaited<ReturnType<typeof resellerEarnings>>;
  /** The last twelve months' earnings, newest first. */
  history: ResellerMonth[];
}> {
  const earnings = await resellerEarnings(data, userId, reseller.id, period);
  const history = await resellerEarningsHistory(data, userId, reseller.id, {
    until: new Date(period.end.getTime() - 1),
  });
  const rows = await data.asUser({ sub: userId }, async (tx) => {
    const { rows } = await tx.query<{
      id: string;
      name: string;
      status: string;
      plan: string;
      members: number;
      employees: number;
    }>(
      `select c.id, c.name, c.status::text as status, c.plan,
              (select count(*)::int from public.memberships m where m.customer_id = c.id) as members,
              (select count(*)::int from public.employees e where e.customer_id = c.id and e.status <> 'removed') as employees
         from public.customers c where c.reseller_id = $1 order by c.created_at desc`,
      [reseller.id],
    );
    return rows;
  });
  const byId = new Map(earnings.customers.map((c) => [c.customerId, c]));
  return {
    earnings,
    history,
    customers: rows.map((r) => ({
      ...r,
      usageMicros: byId.get(r.id)?.usageMicros ?? 0,
      earnedMicros: byId.get(r.id)?.earnedMicros ?? 0,
      awaitingOwner: r.members === 0,
    })),
  };
}

/** Creates a customer of the reseller and its owner invite (owners/admins of the reseller only). */
export async function newResellerCustomer(
  data: Data,
  userId: string,
  reseller: ResellerAccess,
  name: string,
): Promise<{ customerId: string; token: string; expiresAt: Date }> {
  if (!reseller.canManage) throw forbidden("Only the reseller's owners and admins add customers");
  return createCustomerInvite(data, { userId }, { name, resellerId: reseller.id });
}

export type InviteView = {
  customerId: string;
  customerName: string;
  token: string | null;
  expiresAt: Date | null;
  redeemed: boolean;
};

/** The newest owner invite of one of the reseller's customers; another reseller's customer is a 404. */
export async function customerInvite(
  data: Data,
  userId: string,
  reseller: ResellerAccess,
  customerId: string,
): Promise<InviteView> {
  const found = await data.asUser({ sub: userId }, async (tx) => {
    const customer = await tx.query<{ name: string }>(
      "select name from public.customers where id = $1 and reseller_id = $2",
      [customerId, reseller.id],
    );
    if (!customer.rows[0]) return undefined;
    const invite = await tx.query<{ token: string; expires_at: Date; redeemed: boolean }>(
      `select token, expires_at, redeemed_at is not null as redeemed from public.invites
        where customer_id = $1 and role = 'owner' order by created_at desc limit 1`,
      [customerId],
    );
    return { name: customer.rows[0].name, invite: invite.rows[0] };
  });
  if (!found) throw notFound("No such customer");
  if (!reseller.canManage) throw forbidden("Only the reseller's owners and admins see invites");
  return {
    customerId,
    customerName: found.name,
    token: found.invite?.token ?? null,
    expiresAt: found.invite?.expires_at ?? null,
    redeemed: found.invite?.redeemed ?? false,
  };
}

/** A fresh owner invite for one of the reseller's customers (the old one stays valid until it expires). */
export async function renewCustomerInvite(
  data: Data,
  userId: string,
  reseller: ResellerAccess,
  customerId: string,
  { ttlHours = 24 * 14 }: { ttlHours?: number } = {},
): Promise<{ token: string; expiresAt: Date }> {
  await customerInvite(data, userId, reseller, customerId);
  return data.asUser({ sub: userId }, (tx) =>
    issueInvite(tx, {
      customerId,
      role: "owner",
      createdBy: userId,
      resellerId: reseller.id,
      ttlHours,
    }),
  );
}
