/**
 * Mass sign-up on /onboard: 200 sign-ups from 40 addresses in a burst (each
 * within its own 5-an-hour limit) no longer all create customers. Once 20
 * addresses signed up within the window, the form asks for a proof of work
 * (ALTCHA); a solved challenge signs up once, and the platform admins are
 * told once, in their language.
 */
import { solveChallenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/sha";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSignupGuard } from "../accounts/index.ts";
import { recordingNotifier } from "../billing/test-support.ts";
import { databaseBackends } from "../testing/index.ts";
import { APP_SECRET, startWebHarness, type WebHarness } from "./test-support.ts";

const SPIKE = 20;

describe.each(databaseBackends())("sign-up spikes on /onboard (%s)", (backend) => {
  let h: WebHarness;
  const notifier = recordingNotifier();

  beforeAll(async () => {
    h = await startWebHarness({
      backend,
      trustProxy: { kind: "hops", hops: 1 },
      extra: (data) => ({
        signupGuard: createSignupGuard({
          data,
          appSecret: APP_SECRET,
          spikeAddresses: SPIKE,
          spikeWindowMs: 10 * 60_000,
          notifier,
          // Light work, so the test solves quickly; the browser's is heavier.
          work: { cost: 1, counter: [100, 400] },
        }),
      }),
    });
    await h.db.pool.query(
      `insert into public.users (display_name, is_platform_admin, telegram_user_id, language)
       values ('Ada', true, 990001, 'en'), ('Boris', true, 990002, 'ru')`,
    );
  }, 120_000);
  afterAll(() => h?.close());

  const signUp = (address: string, fields: Record<string, string>) =>
    h.app.request("/onboard", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: "http://localhost",
        "x-forwarded-for": address,
      },
      body: new URLSearchParams(fields).toString(),
    });

  const customers = async () =>
    Number((await h.db.pool.query("select count(*)::int as n from public.signups")).rows[0].n);

  /** The challenge in the page's form (an HTML attribute), solved as the page's script would. */
  async function solvedFrom(html: string): Promise<string> {
    const attribute = /data-challenge="([^"]+)"/.exec(html)?.[1];
    expect(attribute).toBeDefined();
    const challenge = JSON.parse(
      attribute!.replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&amp;", "&"),
    );
    const solution = await solveChallenge({ challenge, deriveKey });
    expect(solution).not.toBeNull();
    return Buffer.from(JSON.stringify({ challenge, solution })).toString("base64");
  }

  it("stops a burst of 200 sign-ups from 40 addresses at the spike", async () => {
    const before = await customers();
    const statuses: number[] = [];
    for (let round = 0; round < 20; round++) {
      // Ten at once, addresses taken in turn: 5 sign-ups per address in all.
      const batch = Array.from({ length: 10 }, (_, i) => {
        const n = round * 10 + i;
        return signUp(`198.51.100.${n % 40}`, { name: `Spam ${n}`, contact: `spam${n}@x.test` });
      });
      statuses.push(...(await Promise.all(batch)).map((r) => r.status));
    }
    const created = (await customers()) - before;
    expect(created).toBeGreaterThanOrEqual(SPIKE);
    // Ten sign-ups race the check at most once: far from 200.
    expect(created).toBeLessThanOrEqual(SPIKE + 10);
    expect(statuses.filter((s) => s === 200)).toHaveLength(created);
    expect(statuses.filter((s) => s === 429).length).toBe(200 - created);
    expect(statuses.every((s) => s < 500)).toBe(true);
  }, 300_000);

  it("asks for the proof of work in the form, and a solved challenge signs up once", async () => {
    const page = await h.app.request("/onboard", { headers: { "x-forwarded-for": "203.0.113.5" } });
    const html = await page.text();
    expect(html).toContain('src="/assets/pow.js"');
    const altcha = await solvedFrom(html);

    const before = await customers();
    const unsolved = await signUp("203.0.113.5", { name: "Rosa's Bakery", contact: "rosa@x.test" });
    expect(unsolved.status).toBe(429);
    expect(await unsolved.text()).toContain("let your browser finish its short check");

    const solved = await signUp("203.0.113.5", {
      name: "Rosa's Bakery",
      contact: "rosa@x.test",
      altcha,
    });
    expect(solved.status).toBe(200);
    expect(await solved.text()).toContain("is ready");
    expect(await customers()).toBe(before + 1);

    // The same solution again, from anywhere, signs nobody up.
    const replayed = await signUp("203.0.113.6", {
      name: "Copycat",
      contact: "copy@x.test",
      altcha,
    });
    expect(replayed.status).toBe(429);
    const forged = await signUp("203.0.113.7", {
      name: "Forger",
      contact: "forge@x.test",
      altcha: Buffer.from('{"challenge":{"parameters":{}},"solution":{"counter":1}}').toString(
        "base64",
      ),
    });
    expect(forged.status).toBe(429);
    expect(await customers()).toBe(before + 1);
  }, 120_000);

  it("tells each platform admin once per spike, in their language", async () => {
    const alerts = notifier.sent.filter((m) => m.chatId === 990001 || m.chatId === 990002);
    expect(alerts.map((m) => m.chatId).sort()).toEqual([990001, 990002]);
    expect(alerts.find((m) => m.chatId === 990001)?.text).toMatch(
      /^⚠️ Sign-up spike: \d+ different addresses signed up on \/onboard in the last 10 minutes/,
    );
    expect(alerts.find((m) => m.chatId === 990002)?.text).toMatch(/^⚠️ Всплеск регистраций/);
    const audited = await h.db.pool.query(
      "select count(*)::int as n from public.audit_log where action = 'signup.spike_detected'",
    );
    expect(audited.rows[0].n).toBe(1);
  });

  it("asks nothing of a quiet form", async () => {
    await h.db.pool.query("update public.signups set created_at = now() - interval '1 hour'");
    const page = await (await h.app.request("/onboard")).text();
    expect(page).not.toContain("data-challenge");
    const ok = await signUp("192.0.2.44", { name: "Quiet Café", contact: "quiet@x.test" });
    expect(ok.status).toBe(200);
  });
});
