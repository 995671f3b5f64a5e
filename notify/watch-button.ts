/**
 * The "👀 Watch / take over" button under a knight's messages and /status:
 * a Telegram Mini App button (the live view inside Telegram, signed in by
 * initData) where the deployment has an HTTPS public URL, since Telegram
 * only opens Mini Apps over HTTPS; otherwise an ordinary link to the same
 * page of the dashboard (which asks the person to sign in if they are not).
 */
import type { InlineButton } from "./index.ts";

export const WATCH_TEXTS = { button: "👀 Watch / take over" } as const;

/** The button for one employee's live view. */
export function watchButton(
  publicUrl: string,
  { customerId, employeeId }: { customerId: string; employeeId: string },
): InlineButton {
  const base = publicUrl.replace(/\/$/, "");
  const path = `/c/${customerId}/employees/${employeeId}`;
  return base.startsWith("https://")
    ? { text: WATCH_TEXTS.button, webApp: `${base}/tg/app?to=${encodeURIComponent(path)}` }
    : { text: WATCH_TEXTS.button, url: `${base}${path}` };
}

/**
 * The button that opens the customer's logins, where owners and admins add
 * one in a form (the Mini App over HTTPS, else the dashboard page).
 */
export function loginsButton(publicUrl: string, customerId: string, text: string): InlineButton {
  const base = publicUrl.replace(/\/$/, "");
  const path = `/c/${customerId}/logins`;
  return base.startsWith("https://")
    ? { text, webApp: `${base}/tg/app?to=${encodeURIComponent(path)}` }
    : { text, url: `${base}${path}` };
}
