/**
 * A sign-in page the sandbox desktop can show, so tests can prove a knight
 * really signed in with the vault's values without the sandbox model ever
 * holding them. Sites are configured on the sandbox (`settings.sites`);
 * the desktop reaches one as a browser would: Ctrl+L, type the address,
 * Return. The page has username, password and (when the site has a TOTP
 * seed, or "sends a code by SMS": `smsCode`) code fields; a click on a field or Tab moves the focus, typing
 * fills the focused field, Return submits and the page checks the values
 * against the site's account and a valid RFC 6238 code. Password and code
 * render as dots, as real pages do. The window title names the page's host,
 * which is what `xdotool getactivewindow getwindowname` reports through
 * Orgo's `bash`.
 */
import { createHmac } from "node:crypto";

/**
 * An account a sandbox site accepts. `smsCode`: the site "sends a code by
 * SMS" (the test plays the customer's phone) and wants it in the code field.
 */
export type LoginSite = {
  url: string;
  username: string;
  password: string;
  totpSeed?: string;
  smsCode?: string;
};

export type LoginPage = {
  url: string;
  host: string;
  site: LoginSite;
  /** username, password, code */
  values: [string, string, string];
  focus: 0 | 1 | 2;
  status: "form" | "signed_in" | "rejected";
  attempts: number;
};

/** The page for `address` when a configured site has that URL (or host), else undefined. */
export function openPage(sites: readonly LoginSite[], address: string): LoginPage | undefined {
  const host = hostOf(address);
  const site =
    sites.find((s) => s.url === address.trim()) ?? sites.find((s) => hostOf(s.url) === host);
  if (!site || !host) return undefined;
  return {
    url: site.url,
    host: hostOf(site.url)!,
    site,
    values: ["", "", ""],
    focus: 0,
    status: "form",
    attempts: 0,
  };
}

function hostOf(address: string): string | undefined {
  const text = address.trim();
  try {
    return new URL(/^[a-z]+:\/\//i.test(text) ? text : `https://${text}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

const fieldCount = (page: LoginPage) => (page.site.totpSeed || page.site.smsCode ? 3 : 2);

/** Types into the focused field; a newline submits. */
export function typeOnPage(page: LoginPage, text: string, now: number) {
  if (page.status === "signed_in") return;
  for (const char of text) {
    if (char === "\n") submit(page, now);
    else if (char === "\t") page.focus = ((page.focus + 1) % fieldCount(page)) as 0 | 1 | 2;
    else if (char >= " ") page.values[page.focus] += char;
  }
}

/** Handles Tab, shift+Tab, BackSpace and Return on the page; false for any other key. */
export function pressOnPage(page: LoginPage, key: string, now: number): boolean {
  const k = key.toLowerCase();
  const count = fieldCount(page);
  if (k === "tab") page.focus = ((page.focus + 1) % count) as 0 | 1 | 2;
  else if (k === "shift+tab") page.focus = ((page.focus + count - 1) % count) as 0 | 1 | 2;
  else if (k === "backspace") page.values[page.focus] = page.values[page.focus]!.slice(0, -1);
  else if (k === "return" || k === "kp_enter") submit(page, now);
  else return false;
  return true;
}

/** Focuses the field on page row `row` (see `pageLines`). */
export function clickOnPage(page: LoginPage, row: number) {
  const field = row - 2;
  if (field >= 0 && field < fieldCount(page)) page.focus = field as 0 | 1 | 2;
  if (row === fieldCount(page) + 3) submit(page, Date.now());
}

function submit(page: LoginPage, now: number) {
  if (page.status === "signed_in") return;
  const [username, password, code] = page.values;
  const { site } = page;
  const ok =
    username === site.username &&
    password === site.password &&
    (!site.totpSeed || validCode(site.totpSeed, code, now)) &&
    (!site.smsCode || code === site.smsCode);
  page.attempts += 1;
  page.status = ok ? "signed_in" : "rejected";
  if (!ok) {
    page.values = [page.values[0], "", ""];
    page.focus = 1;
  }
}

/** The lines the page shows, one per editor row. */
export function pageLines(page: LoginPage): string[] {
  if (page.status === "signed_in")
    return [`${page.host}`, "", `Signed in as ${page.site.username}.`, "", "Welcome back!"];
  const mark = (i: number) => (page.focus === i ? "> " : "  ");
  const dots = (value: string) => "•".repeat(value.length);
  return [
    `Sign in to ${page.host}`,
    "",
    `${mark(0)}Username: ${page.values[0]}`,
    `${mark(1)}Password: ${dots(page.values[1])}`,
    ...(page.site.totpSeed || page.site.smsCode
      ? [`${mark(2)}Code:     ${dots(page.values[2])}`]
      : []),
    "",
    "  [ Sign in ]",
    page.status === "rejected"
      ? "  Wrong username, password or code. Try again."
      : page.site.smsCode
        ? "  We sent a code by SMS to your phone."
        : "",
  ];
}

/** The browser window's title (what the window manager reports). */
export function pageTitle(page: LoginPage): string {
  return page.status === "signed_in"
    ? `${page.host} - Browser`
    : `Sign in - ${page.host} - Browser`;
}

// RFC 6238 (SHA-1, 30 s, 6 digits), one step of drift either side: the site's own check.
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
function validCode(seed: string, code: string, now: number): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of seed.replace(/[\s=-]/g, "").toUpperCase()) {
    const index = BASE32.indexOf(char);
    if (index < 0) return false;
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  const key = Buffer.from(bytes);
  const step = Math.floor(now / 30_000);
  return [step - 1, step, step + 1].some((counter) => {
    const message = Buffer.alloc(8);
    message.writeBigUInt64BE(BigInt(counter));
    const mac = createHmac("sha1", key).update(message).digest();
    const offset = mac[mac.length - 1]! & 0x0f;
    return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, "0") === code;
  });
}
