/**
 * The session cookie. `__Host-` binds it to this exact origin (Secure, Path=/,
 * no Domain), HttpOnly keeps scripts away from it, SameSite=Lax keeps it off
 * cross-site form posts. Browsers accept Secure cookies over https and on
 * loopback; a plain-http deployment on another host (a LAN demo) cannot hold
 * a `__Host-` cookie, so there it falls back to an unprefixed one.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

const NAME = "mouse_session";
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/** Whether this request is served over https (directly or per `publicUrl`) or on loopback. */
export function isSecureRequest(c: Context, publicUrl?: string): boolean {
  const url = new URL(c.req.url);
  if (url.protocol === "https:") return true;
  if (publicUrl?.startsWith("https:") && new URL(publicUrl).host === url.host) return true;
  return LOOPBACK.test(url.hostname);
}

/** Sets the session cookie for `maxAgeSeconds`. */
export function setSessionCookie(
  c: Context,
  token: string,
  { maxAgeSeconds, publicUrl }: { maxAgeSeconds: number; publicUrl?: string },
): void {
  const options = { httpOnly: true, sameSite: "Lax" as const, path: "/", maxAge: maxAgeSeconds };
  if (isSecureRequest(c, publicUrl)) setCookie(c, NAME, token, { ...options, prefix: "host" });
  else setCookie(c, NAME, token, options);
}

/** The session token the browser sent, if any (only the `__Host-` one on secure origins). */
export function readSessionCookie(c: Context, publicUrl?: string): string | undefined {
  const secure = getCookie(c, NAME, "host");
  if (secure) return secure;
  return isSecureRequest(c, publicUrl) ? undefined : getCookie(c, NAME);
}

/** Removes the session cookie. */
export function clearSessionCookie(c: Context, publicUrl?: string): void {
  if (isSecureRequest(c, publicUrl))
    deleteCookie(c, NAME, { path: "/", secure: true, prefix: "host" });
  else deleteCookie(c, NAME, { path: "/" });
}
