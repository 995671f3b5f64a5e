/**
 * Signed dashboard links for files too big for a Telegram document. The
 * signature (HMAC with a key derived from APP_SECRET) makes the link
 * unguessable and lets it expire; the download route still checks, under
 * RLS, that the signed-in caller belongs to the file's customer, so a
 * forwarded link is a 404 for anyone else and for anonymous visitors.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** How long a link sent in Telegram works. */
export const LINK_TTL_MS = 7 * 24 * 3_600_000;

const keyOf = (appSecret: string) =>
  createHmac("sha256", appSecret).update("mouse:deliverable-links").digest();
const mac = (appSecret: string, id: string, expires: number) =>
  createHmac("sha256", keyOf(appSecret)).update(`${id}:${expires}`).digest("base64url");

/** The path and query of a signed download link for deliverable `id`. */
export function signedDownloadPath(
  appSecret: string,
  id: string,
  { now = Date.now(), ttlMs = LINK_TTL_MS }: { now?: number; ttlMs?: number } = {},
): string {
  const expires = Math.floor((now + ttlMs) / 1000);
  return `/files/${id}?exp=${expires}&sig=${mac(appSecret, id, expires)}`;
}

/** Whether a link's `exp` and `sig` are ours and unexpired. */
export function verifyDownloadLink(
  appSecret: string,
  id: string,
  exp: string | undefined,
  sig: string | undefined,
  now = Date.now(),
): boolean {
  const expires = Number(exp);
  if (!Number.isInteger(expires) || !sig || expires * 1000 < now) return false;
  const want = Buffer.from(mac(appSecret, id, expires));
  const given = Buffer.from(sig);
  return given.length === want.length && timingSafeEqual(given, want);
}
