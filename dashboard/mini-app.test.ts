/**
 * Signing in from the Telegram Mini App: valid initData for a known Telegram
 * user starts a session that opens the customer's pages; forged, stale,
 * another bot's, or an unknown user's initData signs nobody in.
 */
import { sign } from "@tma.js/init-data-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseBackends } from "../testing/index.ts";
import { ORIGIN, startWebHarness, type WebHarness } from "./test-support.ts";

const BOT_TOKEN = "7000001:AAH-mini-app-test-token-0123456789abcdef";
const TELEGRAM_ID = 777_001;

describe.each(databaseBackends())("Mini App sign-in (%s)", (backend) => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await startWebHarness({ backend, extra: { miniApp: { botToken: BOT_TOKEN } } });
    await h.data.asService("test: link telegram", (tx) =>
      tx.query("update public.users set telegram_user_id = $2 where id = $1", [
        h.f.users.customerMember,
        TELEGRAM_ID,
      ]),
    );
  });
  afterAll(() => h?.close());

  const initData = (
    { id = TELEGRAM_ID, token = BOT_TOKEN, at = new Date() } = {} as {
      id?: number;
      token?: string;
      at?: Date;
    },
  ) => sign({ user: { id, first_name: "Max" }, query_id: "AAHdF6IQAAAAAN0XohDhrOrc" }, token, at);
  const post = (body: unknown) =>
    h.app.request("/tg/session", {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify(body),
    });
  const employeePage = () => `/c/${h.f.ids.A}/employees/${h.f.refs.A.employee}`;

  it("serves the Mini App page, which needs no script from telegram.org", async () => {
    const res = await h.app.request("/tg/app?to=/c/x");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('src="/assets/mini-app.js"');
    expect(html).not.toContain("telegram.org");
  });

  it("signs a known Telegram user in with valid initData and opens the page the button named", async () => {
    const res = await post({ initData: initData(), to: employeePage() });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ redirect: employeePage() });
    const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
    expect(cookie).toMatch(/^__Host-mouse_session=/);
    const page = await h.app.request(employeePage(), { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`data-live="${employeePage()}/live"`);
  });

  it("refuses forged, stale, another bot's and unknown users' initData", async () => {
    const valid = initData();
    const forged = valid.replace(/hash=[0-9a-f]{2}/, "hash=00");
    const tampered = valid.replace(`%22id%22%3A${TELEGRAM_ID}`, "%22id%22%3A1");
    const cases: [string, string, number][] = [
      ["forged hash", forged, 401],
      ["someone else's id under Max's hash", tampered, 401],
      ["stale (two hours old)", initData({ at: new Date(Date.now() - 2 * 3_600_000) }), 401],
      ["another bot's", initData({ token: "7000002:AAH-another-bot-0123456789abcdef0" }), 401],
      ["not linked to Mouse", initData({ id: 999_999 }), 403],
    ];
    for (const [what, data, status] of cases) {
      const res = await post({ initData: data, to: employeePage() });
      expect({ what, status: res.status }).toEqual({ what, status });
      expect(res.headers.get("set-cookie")).toBeNull();
      expect(((await res.json()) as { error: string }).error).toBeTruthy();
    }
    expect((await post({})).status).toBe(400);
  });

  it("never redirects anywhere but the customer's pages", async () => {
    for (const to of ["https://evil.example/", "//evil.example", "/c/../admin", "/admin"]) {
      const res = await post({ initData: initData(), to });
      expect(await res.json()).toEqual({ redirect: "/" });
    }
  });
  it("opens the logins' form for an owner, who adds a login there that is never echoed back", async () => {
    const OWNER_TELEGRAM_ID = 777_002;
    const PASSWORD = "Mini-App-Form-Pw-2026!";
    await h.data.asService("test: link telegram", (tx) =>
      tx.query("update public.users set telegram_user_id = $2 where id = $1", [
        h.f.users.customerOwner,
        OWNER_TELEGRAM_ID,
      ]),
    );
    const logins = `/c/${h.f.ids.A}/logins`;
    const res = await post({ initData: initData({ id: OWNER_TELEGRAM_ID }), to: logins });
    expect(await res.json()).toEqual({ redirect: logins });
    const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
    const html = await (await h.app.request(logins, { headers: { cookie } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    expect(csrf).toBeDefined();
    expect(html).toContain('name="password"');
    const added = await h.app.request(logins, {
      method: "POST",
      headers: {
        cookie,
        origin: ORIGIN,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({
        _csrf: csrf!,
        label: "Supplier portal",
        username: "orders@bakery.example",
        password: PASSWORD,
        totpSeed: "",
        allowedDomains: "supplier.example",
        allowedRoles: "web_developer",
        notes: "",
      }).toString(),
    });
    expect(added.status).toBe(303);
    const after = await (
      await h.app.request(added.headers.get("location")!, { headers: { cookie } })
    ).text();
    expect(after).toContain("Supplier portal");
    expect(after).not.toContain(PASSWORD);
    expect(after).not.toContain("orders@bakery.example");
    // A member signed in the same way gets no form (owners and admins only).
    const member = await post({ initData: initData(), to: logins });
    const memberCookie = member.headers.get("set-cookie")!.split(";")[0]!;
    const refused = await h.app.request(logins, {
      method: "POST",
      headers: {
        cookie: memberCookie,
        origin: ORIGIN,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ label: "x", username: "x", password: "y" }).toString(),
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
  });
});
