/**
 * Mass sign-up on the public /onboard form. The per-address limit (5 an hour)
 * holds one machine back, not a botnet: 40 addresses made 200 customers in
 * 3 s. So when sign-ups come from many addresses at once (a sliding window
 * over `public.signups`), the form asks the browser for a proof of work
 * (ALTCHA, `altcha-lib`: SHA-256 with a counter, signed with a key derived
 * from APP_SECRET, so any web process verifies any other's challenge), and
 * the platform admins hear about it once per spike in Telegram.
 */
import { createHmac } from "node:crypto";
import { createChallenge, randomInt, verifySolution } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/sha";
import { audit } from "../audit/index.ts";
import type { Data } from "../db/index.ts";
import { catalogue, localeFor } from "../i18n/index.ts";
import type { Notifier } from "../notify/index.ts";

export type SignupGuardOptions = {
  data: Data;
  appSecret: string;
  /** This many different addresses signing up within the window is a spike. */
  spikeAddresses: number;
  spikeWindowMs: number;
  /** Where the admins' alert goes (the outbox); none: the alert is only audited. */
  notifier?: Notifier;
  now?: () => number;
  /** The work asked of a browser: SHA-256 rounds per try, and the range of tries. */
  work?: { cost: number; counter: [number, number] };
};

export type SignupGuard = {
  /** Whether a sign-up now needs a solved challenge (and, the first time in a spike, alerts the admins). */
  required: () => Promise<boolean>;
  /** A fresh challenge for the form, as the JSON the page's script solves. */
  challenge: () => Promise<string>;
  /** Whether `payload` (base64 JSON: challenge and solution) is a solved, unexpired, unused challenge. */
  verify: (payload: string | undefined) => Promise<boolean>;
};

const CHALLENGE_TTL_MS = 10 * 60_000;

/** Creates the guard the /onboard route consults. */
export function createSignupGuard(options: SignupGuardOptions): SignupGuard {
  const { data, spikeAddresses, spikeWindowMs, notifier, now = Date.now } = options;
  const work = options.work ?? { cost: 10, counter: [5_000, 15_000] };
  const secret = (purpose: string) =>
    createHmac("sha256", options.appSecret).update(`mouse-signup-pow:${purpose}`).digest("hex");
  const signatureSecret = secret("challenge");
  const keySecret = secret("key");

  async function required(): Promise<boolean> {
    const spike = await data.asService("onboard: sign-up spike check", async (tx) => {
      const { rows } = await tx.query<{ addresses: number }>(
        `select count(distinct ip_hash)::int as addresses from public.signups
          where created_at > to_timestamp($1 / 1000.0)`,
        [now() - spikeWindowMs],
      );
      const addresses = rows[0]?.addresses ?? 0;
      if (addresses < spikeAddresses) return undefined;
      // One alert per spike, whichever web process sees it first.
      await tx.query("select pg_advisory_xact_lock(hashtext('mouse:signup-spike'))");
      const alerted = await tx.query(
        `select 1 from public.audit_log where action = 'signup.spike_detected'
          and created_at > to_timestamp($1 / 1000.0) limit 1`,
        [now() - spikeWindowMs],
      );
      if (alerted.rowCount) return { addresses, alert: [] };
      await audit(tx, {
        action: "signup.spike_detected",
        detail: { addresses, windowMinutes: Math.round(spikeWindowMs / 60_000) },
      });
      const admins = await tx.query<{ chat: string; language: string | null }>(
        `select telegram_user_id::text as chat, coalesce(language, language_code) as language
           from public.users where is_platform_admin and telegram_user_id is not null`,
      );
      return { addresses, alert: admins.rows };
    });
    if (!spike) return false;
    const minutes = Math.round(spikeWindowMs / 60_000);
    for (const admin of spike.alert) {
      const text = catalogue().t(localeFor(admin.language), "admin-signup-spike", {
        addresses: spike.addresses,
        minutes,
      });
      // A lost alert must not turn a sign-up into an error; it is in the audit log.
      await notifier?.send({ chatId: Number(admin.chat), text }).catch(() => {});
    }
    return true;
  }

  async function challenge(): Promise<string> {
    const created = await createChallenge({
      algorithm: "SHA-256",
      cost: work.cost,
      counter: randomInt(work.counter[0], work.counter[1]),
      deriveKey,
      expiresAt: new Date(now() + CHALLENGE_TTL_MS),
      hmacSignatureSecret: signatureSecret,
      hmacKeySignatureSecret: keySecret,
    });
    return JSON.stringify(created);
  }

  async function verify(payload: string | undefined): Promise<boolean> {
    if (!payload || payload.length > 4_000) return false;
    let parsed: { challenge?: unknown; solution?: unknown };
    try {
      parsed = JSON.parse(Buffer.from(payload, "base64").toString("utf8"));
    } catch {
      return false;
    }
    if (!parsed || typeof parsed !== "object" || !parsed.challenge || !parsed.solution)
      return false;
    const result = await verifySolution({
      challenge: parsed.challenge as Parameters<typeof verifySolution>[0]["challenge"],
      solution: parsed.solution as Parameters<typeof verifySolution>[0]["solution"],
      deriveKey,
      hmacSignatureSecret: signatureSecret,
      hmacKeySignatureSecret: keySecret,
    }).catch(() => undefined);
    if (!result?.verified) return false;
    // Each solved challenge signs up once: its signature is spent until it would have expired anyway.
    const signature = (parsed.challenge as { signature?: string }).signature ?? "";
    const expiresAt = (parsed.challenge as { parameters?: { expiresAt?: number } }).parameters
      ?.expiresAt;
    return data.asService("onboard: spend a solved challenge", async (tx) => {
      const { rowCount } = await tx.query(
        `insert into public.rate_limit_hits (key, window_start)
         values ($1, to_timestamp($2)) on conflict do nothing`,
        [`signup-pow:${signature}`, expiresAt ?? Math.floor(now() / 1000)],
      );
      return rowCount === 1;
    });
  }

  return { required, challenge, verify };
}
