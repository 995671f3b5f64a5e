/**
 * Who is calling: a user id (what RLS sees as `auth.uid()`), how they signed
 * in, and their memberships for navigation. Rights are never decided from
 * this object alone: every read and write still goes through `asUser`, and
 * the database answers what the user may do (see `data/access.ts`).
 */
import type { ApiKeyIdentity, SessionClaims } from "../auth/index.ts";
import type { Claims, Data } from "../db/index.ts";

export type MembershipRole = "owner" | "admin" | "member" | "viewer";

export type Principal = {
  userId: string;
  claims: Claims;
  via: "session" | "supabase" | "api_key";
  displayName: string | null;
  isAdmin: boolean;
  customers: { id: string; name: string; role: MembershipRole; status: string }[];
  resellers: { id: string; name: string; role: MembershipRole }[];
  session?: SessionClaims;
  apiKey?: ApiKeyIdentity;
};

/**
 * Loads a user's principal under RLS; undefined when the user no longer
 * exists. One statement in one round trip (it runs before every signed-in
 * request, so a transaction's four round trips were most of its cost).
 */
export async function loadPrincipal(
  data: Data,
  claims: Claims,
  via: Principal["via"],
  extra: Pick<Principal, "session" | "apiKey"> = {},
): Promise<Principal | undefined> {
  const { rows } = await data.statementAsUser<{
    display_name: string | null;
    is_platform_admin: boolean;
    memberships: {
      role: MembershipRole;
      customer_id: string | null;
      customer_name: string | null;
      customer_status: string | null;
      reseller_id: string | null;
      reseller_name: string | null;
    }[];
  }>(
    claims,
    `select u.display_name, u.is_platform_admin,
            coalesce((select json_agg(json_build_object(
                        'role', m.role, 'customer_id', m.customer_id, 'customer_name', c.name,
                        'customer_status', c.status::text, 'reseller_id', m.reseller_id,
                        'reseller_name', r.name) order by m.created_at)
                        from public.memberships m
                        left join public.customers c on c.id = m.customer_id
                        left join public.resellers r on r.id = m.reseller_id
                       where m.user_id = u.id), '[]'::json) as memberships
       from public.users u
      where u.id = $1`,
    [claims.sub],
    { name: "api_load_principal" },
  );
  const row = rows[0];
  if (!row) return undefined;
  const memberships = row.memberships;
  return {
    userId: claims.sub,
    claims,
    via,
    displayName: row.display_name,
    isAdmin: row.is_platform_admin,
    customers: memberships
      .filter((m) => m.customer_id && m.customer_name)
      .map((m) => ({
        id: m.customer_id!,
        name: m.customer_name!,
        role: m.role,
        status: m.customer_status ?? "active",
      })),
    resellers: memberships
      .filter((m) => m.reseller_id && m.reseller_name)
      .map((m) => ({ id: m.reseller_id!, name: m.reseller_name!, role: m.role })),
    ...extra,
  };
}
