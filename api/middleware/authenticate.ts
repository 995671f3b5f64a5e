import type { MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import {
  type ExternalTokenVerifier,
  readSessionCookie,
  type Sessions,
  userIdForEmail,
  verifyApiKey,
} from "../../auth/index.ts";
import type { Data } from "../../db/index.ts";
import type { AppEnv } from "../env.ts";
import { loadPrincipal, type Principal } from "../principal.ts";

export type AuthenticateOptions = {
  data: Data;
  sessions: Sessions;
  /** Supabase Auth (or another issuer) for Bearer tokens; absent when SUPABASE_URL is unset. */
  externalTokens?: ExternalTokenVerifier;
  publicUrl?: string;
};

/**
 * Recognises the caller from a reseller API key or a Supabase access token
 * (`Authorization: Bearer …`), or the session cookie, and puts their
 * `principal` on the context. A request without credentials passes through
 * unauthenticated; a Bearer token that does not verify is refused (401), so a
 * client with a broken key learns it at once.
 */
export const authenticate = ({
  data,
  sessions,
  externalTokens,
  publicUrl,
}: AuthenticateOptions): MiddlewareHandler<AppEnv> =>
  async function authenticate(c, next) {
    const principal = await identify(c.req.header("authorization"));
    if (principal === null) {
      throw new HTTPException(401, { message: "Invalid or expired credentials" });
    }
    if (principal) c.set("principal", principal);
    await next();

    // undefined: no credentials; null: credentials that do not verify.
    async function identify(header: string | undefined): Promise<Principal | undefined | null> {
      const bearer = /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];
      if (bearer) {
        if (bearer.startsWith("mk_")) {
          const key = await verifyApiKey(data, bearer);
          if (!key) return null;
          return (
            (await loadPrincipal(data, { sub: key.userId, role: "authenticated" }, "api_key", {
              apiKey: key,
            })) ?? null
          );
        }
        if (!externalTokens) return null;
        const verified = await externalTokens.verify(bearer);
        const userId = verified && (await userIdForEmail(data, verified.email));
        if (!userId) return null;
        return (
          (await loadPrincipal(
            data,
            { sub: userId, role: "authenticated", app_metadata: { provider: "supabase" } },
            "supabase",
          )) ?? null
        );
      }
      const token = readSessionCookie(c, publicUrl);
      if (!token) return undefined;
      const session = await sessions.decode(token);
      // A stale cookie is not an error for a browser: it is simply signed out.
      if (!session) return undefined;
      // Both before every signed-in request: side by side, the principal discarded if revoked.
      const [revoked, principal] = await Promise.all([
        sessions.isRevoked(session.jti),
        loadPrincipal(data, session, "session", { session }),
      ]);
      return revoked ? undefined : principal;
    }
  };

/** The authenticated caller, or a 401 for API routes. */
export function requirePrincipal(principal: Principal | undefined): Principal {
  if (!principal) throw new HTTPException(401, { message: "Sign in first" });
  return principal;
}
