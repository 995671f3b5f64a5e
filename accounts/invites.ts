import { randomBytes } from "node:crypto";
import { audit } from "../audit/index.ts";
import type { Data, Tx } from "../db/index.ts";
import { type TelegramIdentity, type UserRow, upsertTelegramUser } from "./users.ts";

/** Telegram deep-link payloads are 1-64 chars of A-Za-z0-9_-; ours are 32. */
export const INVITE_TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

/** Creates a fresh unguessable invite token (192 bits, base64url). */
export function newInviteToken(): string {
  return randomBytes(24).toString("base64url");
}

export type RedeemResult =
  | {
      ok: true;
      user: UserRow;
      customerId: string;
      customerName: string;
      role: string;
      /**
       * True when the business already had people: the invite joins its team
       * (a Team page invite), so nobody asks the newcomer the owner's
       * sign-up questions or a plan. False for the first owner of a new business.
       */
      joinedTeam: boolean;
    }
  | { ok: false; reason: "unknown" | "expired" | "used" | "already_member"; customerName?: string };

/**
 * Binds a Telegram user to the invite's customer, once. The invite row is
 * locked for the transaction, so two taps on the same QR code cannot both
 * redeem it; the membership, the redemption and the audit entry commit together.
 */
export async function redeemInvite(
  data: Data,
  token: string,
  from: TelegramIdentity,
): Promise<RedeemResult> {
  if (!INVITE_TOKEN.test(token)) return { ok: false, reason: "unknown" };
  return data.asService("bot: redeem invite", async (tx) => {
    const { rows } = await tx.query<{
      id: string;
      customer_id: string;
      customer_name: string;
      role: string;
      expired: boolean;
      redeemed_by_telegram: string | null;
    }>(
      `select i.id, i.customer_id, c.name as customer_name, i.role, i.expires_at < now() as expired,
              u.telegram_user_id::text as redeemed_by_telegram
         from public.invites i
         join public.customers c on c.id = i.customer_id
         left join public.users u on u.id = i.redeemed_by
        where i.token = $1
          for update of i`,
      [token],
    );
    const invite = rows[0];
    if (!invite) return { ok: false, reason: "unknown" };
    if (invite.redeemed_by_telegram !== null) {
      return invite.redeemed_by_telegram === String(from.id)
        ? { ok: false, reason: "already_member", customerName: invite.customer_name }
        : { ok: false, reason: "used" };
    }
    if (invite.expired) return { ok: false, reason: "expired" };
    const user = await upsertTelegramUser(tx, from);
    const team = await tx.query<{ n: number }>(
      "select count(*)::int as n from public.memberships where customer_id = $1 and user_id <> $2",
      [invite.customer_id, user.id],
    );
    await tx.query(
      `insert into public.memberships (user_id, customer_id, role) values ($1, $2, $3)
       on conflict (user_id, customer_id) do nothing`,
      [user.id, invite.customer_id, invite.role],
    );
    await tx.query(
      "update public.invites set redeemed_by = $1, redeemed_at = now() where id = $2",
      [user.id, invite.id],
    );
    await auditAs(tx, user.id, {
      action: "invite.redeemed",
      targetType: "invite",
      targetId: invite.id,
      customerId: invite.customer_id,
      detail: { role: invite.role },
    });
    return {
      ok: true,
      user,
      customerId: invite.customer_id,
      customerName: invite.customer_name,
      role: invite.role,
      joinedTeam: (team.rows[0]?.n ?? 0) > 0,
    };
  });
}

/** Records an audit entry on the service path with a known actor (the session has none). */
async function auditAs(tx: Tx, userId: string, entry: Parameters<typeof audit>[1]) {
  await tx.query("select set_config('request.jwt.claims', $1, true)", [
    JSON.stringify({ sub: userId }),
  ]);
  await audit(tx, entry);
  await tx.query("select set_config('request.jwt.claims', '', true)");
}

/**
 * Creates a customer and its single-use owner invite (the QR code's payload),
 * as the given caller: RLS decides whether they may (a reseller's staff for
 * their reseller, or a platform admin). `resellerId` null is a direct customer.
 */
export async function createCustomerInvite(
  data: Data,
  caller: { userId: string },
  {
    name,
    resellerId,
    ttlHours = 24 * 14,
  }: { name: string; resellerId: string | null; ttlHours?: number },
): Promise<{ customerId: string; token: string; expiresAt: Date }> {
  return data.asUser({ sub: caller.userId }, async (tx) => {
    const customer = await tx.query<{ id: string }>(
      "insert into public.customers (reseller_id, name) values ($1, $2) returning id",
      [resellerId, name],
    );
    const customerId = customer.rows[0]!.id;
    const token = newInviteToken();
    const invite = await tx.query<{ expires_at: Date }>(
      `insert into public.invites (token, customer_id, role, created_by, expires_at)
       values ($1, $2, 'owner', $3, now() + make_interval(hours => $4)) returning expires_at`,
      [token, customerId, caller.userId, ttlHours],
    );
    await audit(tx, {
      action: "customer.created",
      targetType: "customer",
      targetId: customerId,
      customerId,
      resellerId,
      detail: { name },
    });
    return { customerId, token, expiresAt: invite.rows[0]!.expires_at };
  });
}
