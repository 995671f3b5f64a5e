/**
 * Signing in: the bot's one-time link becomes a `__Host-` session cookie
 * (HttpOnly, Secure, SameSite=Lax) carrying Supabase-shaped claims; the link
 * works once; sessions expire and end on logout in every process; Supabase
 * access tokens map to our users by e-mail; reseller API keys reach /api.
 */
import { decode } from "hono/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLoginLink, createSessions } from "../auth/index.ts";
import { databaseBackends } from "../testing/index.ts";
import { APP_SECRET, ORIGIN, startWebHarness, type WebHarness } from "./test-support.ts";

describe.each(databaseBackends())("sign-in and sessions (%s)", (backend) => {
  let h: WebHarness;
  let clock = Date.parse("2026-11-22T10:00:00Z");
  beforeAll(async () => {
    h = await startWebHarness({
      backend,
      now: () => clock,
      externalTokens: {
        verify: async (token) =>
          token === "supabase-token-for-owner" ? { email: "Owner@Example.com" } : undefined,
      },
    });
    await h.db.pool.query("update public.users set email = 'owner@example.com' where id = $1", [
      h.f.users.customerOwner,
    ]);
  });
  afterAll(() => h?.close());

  const cookieOf = (res: Response) => res.headers.get("set-cookie") ?? "";
  const sessionFrom = (res: Response) => /__Host-mouse_session=([^;]+)/.exec(cookieOf(res))?.[1];

  it("turns a login link into a session cookie once, then redirects home", async () => {
    const { token } = await createLoginLink(h.data, h.f.users.customerOwner);
    const res = await h.app.request(`/login/${token}`);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    const cookie = cookieOf(res);
    expect(cookie).toMatch(/^__Host-mouse_session=/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("Secure");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Path=/");
    expect(cookie).not.toContain("Domain");

    const claims = decode(sessionFrom(res)!).payload;
    expect(claims).toMatchObject({
      sub: h.f.users.customerOwner,
      role: "authenticated",
      app_metadata: { provider: "telegram_link" },
    });
    expect(claims.exp).toBe(Math.floor(clock / 1000) + 7 * 24 * 3600);

    const home = await h.app.request("/", {
      headers: { cookie: `__Host-mouse_session=${sessionFrom(res)}` },
    });
    expect(home.headers.get("location")).toBe(`/c/${h.f.ids.A}`);

    const reused = await h.app.request(`/login/${token}`);
    expect(reused.status).toBe(401);
    expect(cookieOf(reused)).toBe("");
    expect(await reused.text()).toContain("already used or has expired");
  });

  it("sends a signed-out visitor of the home page to /login", async () => {
    const res = await h.app.request("/");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login");
  });

  it("drops the __Host- prefix (and Secure) only on plain http away from loopback", async () => {
    const { token } = await createLoginLink(h.data, h.f.users.customerOwner);
    const res = await h.app.request(`http://192.168.1.20:8787/login/${token}`);
    expect(cookieOf(res)).toMatch(/^mouse_session=/);
    expect(cookieOf(res)).not.toContain("Secure");
    const { token: again } = await createLoginLink(h.data, h.f.users.customerOwner);
    const https = await h.app.request(`https://mouse.example.com/login/${again}`);
    expect(cookieOf(https)).toMatch(/^__Host-mouse_session=.*Secure/);
  });

  it("refuses forged, tampered and expired sessions", async () => {
    const forger = createSessions({ data: h.data, appSecret: "x".repeat(40) });
    const forged = (await forger.issue(h.f.users.platformAdmin)).token;
    const real = (await h.kit.sessions.issue(h.f.users.customerViewer)).token;
    const [head, body, sig] = real.split(".");
    const payload = JSON.parse(Buffer.from(body!, "base64url").toString());
    const tampered = `${head}.${Buffer.from(JSON.stringify({ ...payload, sub: h.f.users.platformAdmin })).toString("base64url")}.${sig}`;
    for (const token of [forged, tampered, "garbage"]) {
      const res = await h.app.request("/admin", {
        headers: { cookie: `__Host-mouse_session=${token}` },
      });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/login");
    }
    const { token } = await h.kit.sessions.issue(h.f.users.customerOwner);
    const cookie = `__Host-mouse_session=${token}`;
    expect((await h.app.request(`/c/${h.f.ids.A}`, { headers: { cookie } })).status).toBe(200);
    clock += 7 * 24 * 3600 * 1000 + 1000;
    expect((await h.app.request(`/c/${h.f.ids.A}`, { headers: { cookie } })).status).toBe(303);
  });

  it("ends the session everywhere on logout", async () => {
    const client = await h.as("customerMember");
    expect((await client.get(`/c/${h.f.ids.A}`)).status).toBe(200);
    const out = await client.post("/logout");
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("/login");
    expect(cookieOf(out)).toMatch(/__Host-mouse_session=;.*Max-Age=0/);
    // The browser might keep the cookie (or an attacker copied it): it is refused anyway.
    expect((await client.get(`/c/${h.f.ids.A}`)).status).toBe(303);
    const otherKit = createSessions({ data: h.data, appSecret: APP_SECRET, now: () => clock });
    const claims = decode(client.cookie.split("=")[1]!).payload as { sub: string };
    expect(await otherKit.verify(client.cookie.split("=")[1]!)).toBeUndefined();
    expect(claims.sub).toBe(h.f.users.customerMember);
  });

  it("accepts a Supabase access token for the user with that e-mail, and refuses unknown ones", async () => {
    const me = await h.app.request("/api/me", {
      headers: { authorization: "Bearer supabase-token-for-owner" },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ userId: h.f.users.customerOwner, via: "supabase" });
    const bad = await h.app.request("/api/me", {
      headers: { authorization: "Bearer someone-elses" },
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({
      error: { status: 401, message: "Invalid or expired credentials" },
    });
  });

  it("issues reseller API keys that read the reseller's customers and nothing else, until revoked", async () => {
    const owner = await h.as("resellerOwner");
    const page = await owner.post(`/r/${h.f.ids.R1}/api-keys`, { name: "CRM", scope: "read" });
    const key = /data-new-key="[^"]*">(mk_[^<]+)</.exec(await page.text())?.[1];
    expect(key).toMatch(/^mk_[A-Za-z0-9]{8}_/);
    const stored = await h.db.pool.query("select key_hash from public.api_keys where prefix = $1", [
      key!.slice(0, 11),
    ]);
    expect(JSON.stringify(stored.rows)).not.toContain(key!.slice(12));

    const call = (path: string, init: RequestInit = {}) =>
      h.app.request(`/api${path}`, {
        ...init,
        headers: { authorization: `Bearer ${key}`, ...init.headers },
      });
    const customers = (await (await call("/customers")).json()) as { data: { id: string }[] };
    expect(customers.data.map((c) => c.id).sort()).toEqual([h.f.ids.A, h.f.ids.A2].sort());
    expect((await call(`/customers/${h.f.ids.B}`)).status).toBe(404);
    expect((await call(`/customers/${h.f.ids.A}/tasks/${h.f.refs.A.task}`)).status).toBe(200);
    const write = await call("/customers", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Via key" }),
    });
    expect(write.status).toBe(403);
    // Pages are not for keys' cookies-free callers to change things through forms either.
    expect((await call("/nope")).status).toBe(404);

    const keyId = (
      await h.db.pool.query("select id from public.api_keys where prefix = $1", [key!.slice(0, 11)])
    ).rows[0]!.id;
    const revoked = await owner.post(`/r/${h.f.ids.R1}/api-keys/${keyId}/revoke`);
    expect(revoked.status).toBe(303);
    expect((await call("/customers")).status).toBe(401);
  });

  it("lets a write key create customers of its own reseller with an invite deep link", async () => {
    const owner = await h.as("resellerAdmin");
    const page = await owner.post(`/r/${h.f.ids.R1}/api-keys`, {
      name: "Signup form",
      scope: "write",
    });
    const key = /data-new-key="[^"]*">(mk_[^<]+)</.exec(await page.text())?.[1];
    const res = await h.app.request("/api/customers", {
      method: "POST",
      headers: {
        authorization: `Bearer ${key}`,
        "content-type": "application/json",
        origin: ORIGIN,
      },
      body: JSON.stringify({ name: "Key-made Deli" }),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { customerId: string; invite: { deepLink: string } };
    expect(body.invite.deepLink).toMatch(/^https:\/\/t\.me\/mouse_test_bot\?start=/);
    const row = await h.db.pool.query("select reseller_id from public.customers where id = $1", [
      body.customerId,
    ]);
    expect(row.rows[0]?.reseller_id).toBe(h.f.ids.R1);
    const other = await h.app.request("/api/customers", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Sneaky", resellerId: h.f.ids.R2 }),
    });
    expect(other.status).toBe(404);
    // A reseller member cannot mint keys.
    const member = await h.as("resellerMember");
    expect(
      (await member.post(`/r/${h.f.ids.R1}/api-keys`, { name: "x", scope: "write" })).status,
    ).toBe(403);
  });
});
