/**
 * Dashboard sessions: stateless signed tokens (HS256 JWTs) carrying the
 * claims Supabase Auth puts in its access tokens (`sub`, `role`,
 * `app_metadata`, `exp`), so `Data.asUser(claims)` and RLS treat a session
 * exactly like a Supabase user. Any web process verifies any session with the
 * key derived from APP_SECRET; only logging out writes to Postgres (the
 * token's id in `revoked_sessions` until it would have expired).
 */
import { hkdfSync, randomBytes } from "node:crypto";
import { sign, verify } from "hono/jwt";
import type { Claims, Data } from "../db/index.ts";
import { redeemLoginLink } from "./login-links.ts";

/** How the user proved who they are. Informational: rights come from memberships, never from here. */
export type SessionProvider = "telegram_link" | "telegram_mini_app" | "supabase";

export type SessionClaims = Claims & {
  sub: string;
  role: "authenticated";
  aud: "authenticated";
  iss: "mouse";
  app_metadata: { provider: SessionProvider };
  iat: number;
  exp: number;
  jti: string;
};

export type SessionsOptions = {
  data: Data;
  appSecret: string;
  /** Session lifetime; default 7 days. */
  ttlSeconds?: number;
  /** Clock in epoch ms (tests move it). */
  now?: () => number;
};

export type Sessions = ReturnType<typeof createSessions>;

/** The HMAC key for session tokens: its own derivation, so it never equals the secrets' key. */
export function sessionKey(appSecret: string): string {
  return Buffer.from(
    hkdfSync("sha256", appSecret, "mouse/dashboard", "session-token-v1", 32),
  ).toString("hex");
}

/** Issues, verifies and revokes session tokens. */
export function createSessions({
  data,
  appSecret,
  ttlSeconds = 7 * 24 * 3600,
  now = Date.now,
}: SessionsOptions) {
  if (appSecret.length < 32) throw new Error("APP_SECRET must be at least 32 characters");
  const key = sessionKey(appSecret);
  const seconds = () => Math.floor(now() / 1000);

  const sessions = {
    ttlSeconds,

    /** A new signed session for `userId`. */
    async issue(
      userId: string,
      provider: SessionProvider = "telegram_link",
    ): Promise<{ token: string; claims: SessionClaims }> {
      const iat = seconds();
      const claims: SessionClaims = {
        sub: userId,
        role: "authenticated",
        aud: "authenticated",
        iss: "mouse",
        app_metadata: { provider },
        iat,
        exp: iat + ttlSeconds,
        jti: randomBytes(16).toString("base64url"),
      };
      return { token: await sign(claims, key, "HS256"), claims };
    },

    /** The claims of a genuine, unexpired, unrevoked session token; undefined otherwise. */
    async verify(token: string): Promise<SessionClaims | undefined> {
      const claims = await sessions.decode(token);
      return claims && !(await isRevoked(data, claims.jti)) ? claims : undefined;
    },

    /**
     * The claims of a genuine, unexpired session token, WITHOUT the revocation
     * check (no database): for a caller that runs `isRevoked` beside its own
     * first query, and refuses the session when it says so.
     */
    async decode(token: string): Promise<SessionClaims | undefined> {
      if (token.length > 2_000) return undefined;
      let payload: Record<string, unknown>;
      try {
        // Expiry is checked below against the injectable clock.
        payload = await verify(token, key, { alg: "HS256", exp: false, nbf: false, iat: false });
      } catch {
        return undefined;
      }
      const claims = payload as SessionClaims;
      if (claims.iss !== "mouse" || typeof claims.sub !== "string") return undefined;
      if (typeof claims.exp !== "number" || claims.exp <= seconds()) return undefined;
      if (typeof claims.jti !== "string") return undefined;
      return claims;
    },

    /** Whether a session was ended by logging out. */
    isRevoked: (jti: string) => isRevoked(data, jti),

    /** Ends a session everywhere: its id is refused until it would have expired. */
    async revoke(claims: Pick<SessionClaims, "jti" | "exp">): Promise<void> {
      await data.asService("dashboard: log out", async (tx) => {
        await tx.query(
          `insert into public.revoked_sessions (jti, expires_at) values ($1, to_timestamp($2))
           on conflict (jti) do nothing`,
          [claims.jti, claims.exp],
        );
        // Keep the table small: forget revocations of sessions that have expired anyway.
        await tx.query("delete from public.revoked_sessions where expires_at < to_timestamp($1)", [
          seconds(),
        ]);
      });
    },

    /** Redeems a one-time login link from the bot and opens a session for its user. */
    async signInWithLink(
      loginToken: string,
    ): Promise<{ token: string; claims: SessionClaims } | undefined> {
      const userId = await redeemLoginLink(data, loginToken);
      return userId ? sessions.issue(userId, "telegram_link") : undefined;
    },
  };
  return sessions;
}

async function isRevoked(data: Data, jti: string): Promise<boolean> {
  // One round trip: it runs before every signed-in request.
  const { rows } = await data.statementAsService(
    "dashboard: check session",
    "select 1 from public.revoked_sessions where jti = $1",
    [jti],
    { name: "auth_session_revoked" },
  );
  return rows.length > 0;
}
