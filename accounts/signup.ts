/**
 * Public self sign-up (/onboard): a business with no reseller creates itself
 * and gets the owner invite for the bot. There is no caller to act as, so it
 * runs on the service path, rate-limited per IP by the route, and records the
 * contact and a hash of the address for abuse review.
 */
import { createHash } from "node:crypto";
import { audit } from "../audit/index.ts";
import type { Data } from "../db/index.ts";
import { newInviteToken } from "./invites.ts";

/** Creates a direct customer and its owner invite. */
export async function selfSignup(
  data: Data,
  {
    name,
    contact,
    ip,
    ttlHours = 24 * 14,
  }: { name: string; contact: string; ip: string; ttlHours?: number },
): Promise<{ customerId: string; token: string; expiresAt: Date }> {
  return data.asService("onboard: self sign-up", async (tx) => {
    const customer = await tx.query<{ id: string }>(
      "insert into public.customers (name) values ($1) returning id",
      [name],
    );
    const customerId = customer.rows[0]!.id;
    const token = newInviteToken();
    const invite = await tx.query<{ expires_at: Date }>(
      `insert into public.invites (token, customer_id, role, expires_at)
       values ($1, $2, 'owner', now() + make_interval(hours => $3)) returning expires_at`,
      [token, customerId, ttlHours],
    );
    await tx.query(
      "insert into public.signups (customer_id, business_name, contact, ip_hash) values ($1, $2, $3, $4)",
      [customerId, name, contact, createHash("sha256").update(`mouse-signup:${ip}`).digest("hex")],
    );
    await audit(tx, {
      action: "customer.self_signup",
      targetType: "customer",
      targetId: customerId,
      customerId,
      detail: { name },
    });
    return { customerId, token, expiresAt: invite.rows[0]!.expires_at };
  });
}
