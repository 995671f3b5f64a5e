/**
 * Resellers' API keys for `/api`. A key is `mk_<8 chars>_<secret>`; only its
 * SHA-256 is stored. Each key is a user of its own with a membership in the
 * reseller (`member` for read keys, `admin` for write keys), so RLS decides
 * what it reaches exactly as it does for staff, and revoking it deletes that
 * membership so nothing it could do survives.
 */
import { createHash, randomBytes } from "node:crypto";
import { audit } from "../audit/index.ts";
import type { Data } from "../db/index.ts";

export type ApiKeyScope = "read" | "write";

export type ApiKeyIdentity = {
  keyId: string;
  userId: string;
  resellerId: string;
  scope: ApiKeyScope;
};

export type ApiKeyRow = {
  id: string;
  name: string;
  prefix: string;
  scope: ApiKeyScope;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
};

/** A caller may not manage keys of this reseller (not its owner/admin, or it does not exist for them). */
export class ApiKeyDeniedError extends Error {
  constructor() {
    super("Only the reseller's owners and admins manage its API keys");
    this.name = "ApiKeyDeniedError";
  }
}

const KEY = /^mk_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
const hash = (key: string) => createHash("sha256").update(key).digest("hex");
const alphanumeric = (n: number) =>
  randomBytes(n * 2)
    .toString("base64")
    .replace(/[^A-Za-z0-9]/g, "")
    .slice(0, n);

async function assertManages(data: Data, userId: string, resellerId: string) {
  const ok = await data.asUser({ sub: userId }, async (tx) => {
    const { rows } = await tx.query<{ ok: boolean }>(
      `select ($1::uuid in (select private.managed_reseller_ids()))
              or (select private.is_platform_admin()) as ok`,
      [resellerId],
    );
    return rows[0]?.ok === true;
  });
  if (!ok) throw new ApiKeyDeniedError();
}

/** Creates a key for a reseller as `caller` (its owner/admin or a platform admin); the key is shown once. */
export async function createApiKey(
  data: Data,
  caller: { userId: string },
  { resellerId, name, scope }: { resellerId: string; name: string; scope: ApiKeyScope },
): Promise<{ id: string; key: string; prefix: string }> {
  await assertManages(data, caller.userId, resellerId);
  const prefix = `mk_${alphanumeric(8)}`;
  const key = `${prefix}_${randomBytes(32).toString("base64url")}`;
  const id = await data.asService("dashboard: create api key", async (tx) => {
    const user = await tx.query<{ id: string }>(
      "insert into public.users (display_name) values ($1) returning id",
      [`API key: ${name}`.slice(0, 200)],
    );
    const userId = user.rows[0]!.id;
    await tx.query(
      "insert into public.memberships (user_id, reseller_id, role) values ($1, $2, $3)",
      [userId, resellerId, scope === "write" ? "admin" : "member"],
    );
    const row = await tx.query<{ id: string }>(
      `insert into public.api_keys (reseller_id, user_id, name, prefix, key_hash, scope, created_by)
       values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [resellerId, userId, name, prefix, hash(key), scope, caller.userId],
    );
    await tx.query("select set_config('request.jwt.claims', $1, true)", [
      JSON.stringify({ sub: caller.userId }),
    ]);
    await audit(tx, {
      action: "api_key.created",
      targetType: "api_key",
      targetId: row.rows[0]!.id,
      resellerId,
      detail: { name, scope, prefix },
    });
    return row.rows[0]!.id;
  });
  return { id, key, prefix };
}

/** The identity behind a presented key, or undefined for anything unknown, malformed or revoked. */
export async function verifyApiKey(data: Data, key: string): Promise<ApiKeyIdentity | undefined> {
  if (!KEY.test(key)) return undefined;
  return data.asService("api: verify key", async (tx) => {
    const { rows } = await tx.query<{
      id: string;
      user_id: string;
      reseller_id: string;
      scope: ApiKeyScope;
    }>(
      `update public.api_keys set last_used_at = now()
        where key_hash = $1 and revoked_at is null
        returning id, user_id, reseller_id, scope`,
      [hash(key)],
    );
    const row = rows[0];
    return row
      ? { keyId: row.id, userId: row.user_id, resellerId: row.reseller_id, scope: row.scope }
      : undefined;
  });
}

/** The reseller's keys as `userId` sees them (RLS: its owners/admins and platform admins). */
export async function listApiKeys(
  data: Data,
  userId: string,
  resellerId: string,
): Promise<ApiKeyRow[]> {
  return data.asUser({ sub: userId }, async (tx) => {
    const { rows } = await tx.query<ApiKeyRow>(
      `select id, name, prefix, scope, created_at, last_used_at, revoked_at
         from public.api_keys where reseller_id = $1 order by created_at desc`,
      [resellerId],
    );
    return rows;
  });
}

/** Revokes a key and removes its membership; false when there is no such live key of this reseller. */
export async function revokeApiKey(
  data: Data,
  caller: { userId: string },
  { resellerId, keyId }: { resellerId: string; keyId: string },
): Promise<boolean> {
  await assertManages(data, caller.userId, resellerId);
  return data.asService("dashboard: revoke api key", async (tx) => {
    const { rows } = await tx.query<{ user_id: string }>(
      `update public.api_keys set revoked_at = now()
        where id = $1 and reseller_id = $2 and revoked_at is null returning user_id`,
      [keyId, resellerId],
    );
    const row = rows[0];
    if (!row) return false;
    await tx.query("delete from public.memberships where user_id = $1", [row.user_id]);
    await tx.query("select set_config('request.jwt.claims', $1, true)", [
      JSON.stringify({ sub: caller.userId }),
    ]);
    await audit(tx, {
      action: "api_key.revoked",
      targetType: "api_key",
      targetId: keyId,
      resellerId,
    });
    return true;
  });
}
