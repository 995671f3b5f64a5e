/**
 * HS256 JWTs as a Supabase project signs them with its JWT secret: the API
 * keys (`role: anon` / `service_role`) and signed-URL tokens (`url`, `exp`).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** Signs `payload` (HS256). */
export function signJwt(secret: string, payload: Record<string, unknown>): string {
  const head = `${b64({ alg: "HS256", typ: "JWT" })}.${b64(payload)}`;
  return `${head}.${createHmac("sha256", secret).update(head).digest("base64url")}`;
}

/** The payload of a token we signed, or the reason it is refused (Storage's wording). */
export function verifyJwt(
  secret: string,
  token: string,
  nowSeconds: number,
): { ok: true; payload: Record<string, unknown> } | { ok: false; reason: string } {
  const [head, body, sig] = token.split(".");
  if (!head || !body || !sig) return { ok: false, reason: "jwt malformed" };
  const want = Buffer.from(
    createHmac("sha256", secret).update(`${head}.${body}`).digest("base64url"),
  );
  const given = Buffer.from(sig);
  if (given.length !== want.length || !timingSafeEqual(given, want))
    return { ok: false, reason: "invalid signature" };
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "jwt malformed" };
  }
  if (typeof payload.exp === "number" && payload.exp <= nowSeconds)
    return { ok: false, reason: "jwt expired" };
  return { ok: true, payload };
}
