/**
 * Form tokens on top of `csrf()`'s Origin check and the SameSite=Lax cookie:
 * each form carries an HMAC of the session's id, so a forged post from
 * anywhere without the page in hand fails even where Origin is missing.
 */
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type { Principal } from "../api/principal.ts";

export type CsrfTokens = {
  token: (principal: Principal) => string;
  verify: (principal: Principal, token: unknown) => boolean;
};

/** Form tokens keyed from APP_SECRET. */
export function createCsrfTokens(appSecret: string): CsrfTokens {
  const key = Buffer.from(hkdfSync("sha256", appSecret, "mouse/dashboard", "csrf-v1", 32));
  const token = (principal: Principal) =>
    createHmac("sha256", key)
      .update(principal.session?.jti ?? `user:${principal.userId}`)
      .digest("base64url");
  return {
    token,
    verify(principal, given) {
      if (typeof given !== "string") return false;
      const want = Buffer.from(token(principal));
      const got = Buffer.from(given);
      return got.length === want.length && timingSafeEqual(got, want);
    },
  };
}
