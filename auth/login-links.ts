import { createHash, randomBytes } from "node:crypto";
import type { Data } from "../db/index.ts";

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

/** Creates a single-use login token for a user, valid `ttlMinutes` (default 10). */
export async function createLoginLink(
  data: Data,
  userId: string,
  { ttlMinutes = 10 }: { ttlMinutes?: number } = {},
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const { rows } = await data.asService("auth: create login link", (tx) =>
    tx.query<{ expires_at: Date }>(
      `insert into public.login_links (token_hash, user_id, expires_at)
       values ($1, $2, now() + make_interval(mins => $3)) returning expires_at`,
      [hash(token), userId, ttlMinutes],
    ),
  );
  return { token, expiresAt: rows[0]!.expires_at };
}

/** Consumes a login token: the user id the first time within its validity, undefined ever after. */
export async function redeemLoginLink(data: Data, token: string): Promise<string | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const { rows } = await data.asService("auth: redeem login link", (tx) =>
    tx.query<{ user_id: string }>(
      `update public.login_links set used_at = now()
        where token_hash = $1 and used_at is null and expires_at > now()
        returning user_id`,
      [hash(token)],
    ),
  );
  return rows[0]?.user_id;
}
