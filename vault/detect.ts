/**
 * Notices a login pasted into an ordinary chat message, before anything
 * stores it or a model reads it. Deliberately simple and explainable: a
 * password keyword followed by a value that looks like one, or an
 * `otpauth://` link; the username is an e-mail address or the value after a
 * user/login keyword; the site is a domain named in the message or a
 * well-known service's name. It errs on the side of catching: a false alarm
 * costs the customer one re-send, a miss puts a password in four tables.
 */

export type PastedLogin = {
  password: string;
  username?: string;
  /** A bare host (`wix.com`), when the message names one. */
  site?: string;
  /** The service's display name (`Wix`), when known. */
  service?: string;
  totpSeed?: string;
};

const KEYWORD =
  /\b(?:password|passwort|passwd|contrase[ñn]a|mot de passe|senha|wachtwoord)\b\s*(?:is|ist|es|est|=|:|-|→)?\s*[:=]?\s*["'“‘]?([^\s"'”’]+)/giu;
/** Short keywords ("pass rate", "pin it") count only with an explicit `:` / `=` / "is". */
const SHORT_KEYWORD = /\b(?:pass|pwd|pw|pin)\b\s*(?:is\s+|[:=]\s*)["'“‘]?([^\s"'”’]+)/giu;
const USER =
  /\b(?:user(?:name)?|login|e-?mail|account|benutzer)\b\s*(?:is|=|:|-)?\s*[:=]?\s*["'“‘]?([^\s"'”’,;]+)/giu;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const HOST =
  /\b((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|net|org|io|co|app|shop|store|de|fr|es|it|nl|uk|us|ca|au|biz|info|me))\b/i;
const OTPAUTH = /otpauth:\/\/totp\/[^\s]+/i;
/** Words that follow "password" in ordinary sentences ("my password is wrong"). */
const NOT_A_PASSWORD = new Set(
  "is was for to the a an and or of my your our their it this that reset forgot forgotten wrong expired changed change please again manager protected field here there".split(
    " ",
  ),
);
const SERVICES: Record<string, string> = {
  instagram: "instagram.com",
  facebook: "facebook.com",
  wix: "wix.com",
  google: "google.com",
  gmail: "google.com",
  shopify: "shopify.com",
  etsy: "etsy.com",
  tiktok: "tiktok.com",
  twitter: "x.com",
  linkedin: "linkedin.com",
  squarespace: "squarespace.com",
  wordpress: "wordpress.com",
  godaddy: "godaddy.com",
  amazon: "amazon.com",
  ebay: "ebay.com",
  paypal: "paypal.com",
  mailchimp: "mailchimp.com",
  canva: "canva.com",
  quickbooks: "intuit.com",
  xero: "xero.com",
  yelp: "yelp.com",
  ubereats: "ubereats.com",
  doordash: "doordash.com",
};

/** Sentence punctuation after a value is not part of it ("…is abc123."); `!` and `?` may be. */
const trimValue = (value: string) => value.replace(/[.,;)]+$/u, "");

function looksLikePassword(value: string): boolean {
  if (value.length < 4 || value.length > 200) return false;
  if (NOT_A_PASSWORD.has(value.toLowerCase())) return false;
  return true;
}

/** The login a message seems to carry, or undefined. */
export function detectPastedLogin(text: string): PastedLogin | undefined {
  const otp = OTPAUTH.exec(text)?.[0];
  let password: string | undefined;
  for (const match of [...text.matchAll(KEYWORD), ...text.matchAll(SHORT_KEYWORD)]) {
    const value = trimValue(match[1] ?? "");
    if (looksLikePassword(value)) {
      password = value;
      break;
    }
  }
  if (!password && !otp) return undefined;
  let username = EMAIL.exec(text)?.[0];
  if (!username)
    for (const match of text.matchAll(USER)) {
      const value = trimValue(match[1] ?? "");
      if (value.length >= 2 && !NOT_A_PASSWORD.has(value.toLowerCase()) && value !== password) {
        username = value;
        break;
      }
    }
  const lower = text.toLowerCase();
  const service = Object.keys(SERVICES).find((name) => new RegExp(`\\b${name}\\b`).test(lower));
  const withoutEmail = username ? text.replace(username, " ") : text;
  const host = HOST.exec(withoutEmail.replace(password ?? "\u0000", " "))?.[1]?.toLowerCase();
  const site = host ?? (service ? SERVICES[service] : undefined);
  return {
    password: password ?? "",
    ...(username ? { username } : {}),
    ...(site ? { site } : {}),
    ...(service ? { service: service[0]!.toUpperCase() + service.slice(1) } : {}),
    ...(otp ? { totpSeed: otp } : {}),
  };
}
