/**
 * Every dashboard page for every kind of caller: customer owner, member and
 * viewer, reseller staff, platform admin, a stranger and nobody at all.
 * Another customer's task, frame or employee is a 404; a reseller reaching a
 * customer of another reseller is a 404; a viewer changing something is a 403.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseBackends, type UserKey } from "../testing/index.ts";
import { addFrame, startWebHarness, type WebHarness } from "./test-support.ts";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

describe.each(databaseBackends())("dashboard pages by role (%s)", (backend) => {
  let h: WebHarness;
  let frameA: string;
  let frameB: string;

  beforeAll(async () => {
    h = await startWebHarness({ backend });
    frameA = await addFrame(h.data, h.f.ids.A, h.f.refs.A.task, PNG);
    frameB = await addFrame(h.data, h.f.ids.B, h.f.refs.B.task, PNG);
  });
  afterAll(() => h?.close());

  const customerPages = () => {
    const { ids, refs } = h.f;
    const c = `/c/${ids.A}`;
    return [
      c,
      `${c}/employees/${refs.A.employee}`,
      `${c}/tasks`,
      `${c}/tasks/${refs.A.task}`,
      `${c}/frames/${frameA}`,
      `${c}/approvals`,
      `${c}/billing`,
      `${c}/team`,
    ];
  };

  it("shows customer A's pages to its members, its reseller's staff and admins", async () => {
    const readers: UserKey[] = [
      "customerOwner",
      "customerAdmin",
      "customerMember",
      "customerViewer",
      "resellerOwner",
      "resellerMember",
      "resellerViewer",
      "platformAdmin",
    ];
    for (const who of readers) {
      const client = await h.as(who);
      for (const path of customerPages()) {
        const res = await client.get(path);
        expect({ who, path, status: res.status }).toEqual({ who, path, status: 200 });
      }
    }
  });

  it("answers 404 to a stranger and to a reseller of another branch, and sends nobody to /login", async () => {
    const stranger = await h.as("stranger");
    const otherReseller = await h.as({ userId: h.f.residents.R2 });
    for (const path of customerPages()) {
      expect((await stranger.get(path)).status).toBe(404);
      expect((await otherReseller.get(path)).status).toBe(404);
      const anonymous = await h.app.request(path);
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.get("location")).toBe("/login");
    }
  });

  it("never shows another customer's employee, task or frame through A's pages", async () => {
    const owner = await h.as("customerOwner");
    const { ids, refs } = h.f;
    const paths = [
      `/c/${ids.B}`,
      `/c/${ids.A}/employees/${refs.B.employee}`,
      `/c/${ids.A}/tasks/${refs.B.task}`,
      `/c/${ids.A}/frames/${frameB}`,
      `/c/${ids.B}/frames/${frameB}`,
      `/c/${ids.B}/employees/${refs.B.employee}/live`,
      `/c/${ids.A}/employees/not-a-uuid`,
    ];
    for (const path of paths)
      expect({ path, status: (await owner.get(path)).status }).toEqual({ path, status: 404 });
    const frame = await owner.get(`/c/${ids.A}/frames/${frameA}`);
    expect(frame.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await frame.arrayBuffer())).toEqual(PNG);
  });

  it("lets a member approve, and refuses a viewer (403), a stranger (404) and a forged form", async () => {
    const approval = h.f.rows.approvals.A![0]!;
    const path = `/c/${h.f.ids.A}/approvals/${approval}`;
    const viewer = await h.as("customerViewer");
    const viewerRes = await viewer.post(path, { decision: "approve" });
    expect(viewerRes.status).toBe(403);
    expect(await viewerRes.text()).toContain("Viewers cannot approve");
    expect((await (await h.as("stranger")).post(path, { decision: "approve" })).status).toBe(404);
    const member = await h.as("customerMember");
    expect((await member.post(path, { decision: "approve" }, { csrf: false })).status).toBe(403);
    expect(
      (await member.post(path, { decision: "approve" }, { origin: "https://evil.example" })).status,
    ).toBe(403);
    const approved = await member.post(path, { decision: "approve" });
    expect(approved.status).toBe(303);
    expect(approved.headers.get("location")).toBe(`/c/${h.f.ids.A}/approvals?done=approved`);
    const again = await member.post(path, { decision: "deny" });
    expect(again.headers.get("location")).toContain("done=already_decided");
    // The decision committed with its effect owed: the approvals relay (or the
    // job added by a deployment with a queue) starts the work; this harness has none.
    const owed = await h.data.asService("test: effect owed", (tx) =>
      tx.query<{ status: string; effect_status: string }>(
        "select status, effect_status from public.approvals where id = $1",
        [approval],
      ),
    );
    expect(owed.rows[0]).toEqual({ status: "approved", effect_status: "pending" });
    const page = await (await member.get(`/c/${h.f.ids.A}/approvals?done=approved`)).text();
    expect(page).toMatch(/data-approval="[^"]+" data-outcome="starting"/);
  });

  it("lets owners invite members with a role, and refuses members and viewers", async () => {
    const path = `/c/${h.f.ids.A}/team/invites`;
    for (const who of ["customerMember", "customerViewer"] as const) {
      expect((await (await h.as(who)).post(path, { role: "viewer" })).status).toBe(403);
    }
    const res = await (await h.as("customerOwner")).post(path, { role: "viewer" });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/https:\/\/t\.me\/mouse_test_bot\?start=[A-Za-z0-9_-]{32}/);
    expect(html).toContain("<svg");
  });

  it("changes and removes members for managers only; viewers get 403", async () => {
    const { rows } = await h.db.pool.query<{ id: string }>(
      "select id from public.memberships where user_id = $1",
      [h.f.residents.A],
    );
    const membership = rows[0]!.id;
    const base = `/c/${h.f.ids.A}/team/${membership}`;
    expect(
      (await (await h.as("customerViewer")).post(`${base}/role`, { role: "viewer" })).status,
    ).toBe(403);
    expect((await (await h.as("customerMember")).post(`${base}/remove`)).status).toBe(403);
    expect(
      (
        await (
          await h.as("customerOwner")
        ).post(`/c/${h.f.ids.A}/team/${h.f.rows.memberships.B![0]}/role`, { role: "viewer" })
      ).status,
    ).toBe(404);
    const changed = await (await h.as("customerOwner")).post(`${base}/role`, { role: "viewer" });
    expect(changed.status).toBe(303);
    const after = await h.db.pool.query("select role from public.memberships where id = $1", [
      membership,
    ]);
    expect(after.rows[0]?.role).toBe("viewer");
  });

  it("shows the billing chart with a bar per day and the usage on it", async () => {
    await h.data.asService("test: usage", (tx) =>
      tx.query(
        `insert into public.usage_events (customer_id, kind, quantity, cost_micros, idempotency_key)
         values ($1, 'model_tokens', 1000, 2500000, 'chart-test')`,
        [h.f.ids.A],
      ),
    );
    const html = await (await (await h.as("customerViewer")).get(`/c/${h.f.ids.A}/billing`)).text();
    expect(html).toContain('data-chart="usage"');
    const bars = [...html.matchAll(/data-cost="(\d+)"/g)].map((m) => Number(m[1]));
    expect(bars.length).toBeGreaterThanOrEqual(28);
    expect(bars.reduce((a, b) => a + b, 0)).toBe(2_500_100);
    // Axes with money, the budget's daily pace and today are drawn and named.
    expect(html).toContain("data-budget-line");
    expect(html).toContain("data-today");
    expect(html).toMatch(/budget pace \$[\d.]+\/day/);
    expect(html).not.toContain("Manage card and invoices");
  });

  it("serves the reseller page to its staff and admins only; another reseller's customer is 404", async () => {
    const r1 = `/r/${h.f.ids.R1}`;
    for (const who of [
      "resellerOwner",
      "resellerAdmin",
      "resellerMember",
      "resellerViewer",
      "platformAdmin",
    ] as const) {
      const res = await (await h.as(who)).get(r1);
      expect({ who, status: res.status }).toEqual({ who, status: 200 });
    }
    for (const who of ["customerOwner", "stranger"] as const) {
      expect((await (await h.as(who)).get(r1)).status).toBe(404);
    }
    const owner = await h.as("resellerOwner");
    expect((await owner.get(`/r/${h.f.ids.R2}`)).status).toBe(404);
    expect((await owner.get(`${r1}/customers/${h.f.ids.B}/invite`)).status).toBe(404);
    expect((await owner.get(`${r1}/customers/${h.f.ids.B}/invite.png`)).status).toBe(404);
    expect((await owner.post(`${r1}/customers/${h.f.ids.B}/invites`)).status).toBe(404);
    expect((await owner.get(`/c/${h.f.ids.B}`)).status).toBe(404);
    expect((await owner.get(`/c/${h.f.ids.D}`)).status).toBe(404);
    const member = await h.as("resellerMember");
    expect((await member.get(`${r1}/customers/${h.f.ids.A}/invite`)).status).toBe(403);
    expect((await member.post(`${r1}/customers`, { name: "Nope" })).status).toBe(403);
    expect((await member.get(`${r1}/api-keys`)).status).toBe(403);
  });

  it("lets reseller owners create customers and get their invite page, PNG and printable card", async () => {
    const owner = await h.as("resellerOwner");
    const created = await owner.post(`/r/${h.f.ids.R1}/customers`, { name: "Rosa's Bakery" });
    expect(created.status).toBe(303);
    const invitePath = created.headers.get("location")!;
    expect(invitePath).toMatch(/^\/r\/[0-9a-f-]+\/customers\/[0-9a-f-]+\/invite$/);
    const page = await owner.get(invitePath);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Rosa&#39;s Bakery");
    const png = await owner.get(`${invitePath}.png`);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(png.headers.get("content-disposition")).toContain("attachment");
    expect((await owner.get(`${invitePath}/card`)).status).toBe(200);
    expect((await owner.post(`${invitePath}s`)).status).toBe(303);
  });

  it("serves admin pages to platform admins only; suspends and resumes customers", async () => {
    for (const who of ["customerOwner", "resellerOwner", "stranger"] as const) {
      const client = await h.as(who);
      for (const path of ["/admin", "/admin/customers", "/admin/resellers"]) {
        expect({ who, path, status: (await client.get(path)).status }).toEqual({
          who,
          path,
          status: 404,
        });
      }
      expect(
        (await client.post(`/admin/customers/${h.f.ids.A2}/status`, { status: "suspended" }))
          .status,
      ).toBe(404);
    }
    const admin = await h.as("platformAdmin");
    for (const path of ["/admin", "/admin/customers", "/admin/resellers"]) {
      expect((await admin.get(path)).status).toBe(200);
    }
    const reasonless = await admin.post(`/admin/customers/${h.f.ids.A2}/status`, {
      status: "suspended",
    });
    expect(reasonless.status).toBe(400);
    expect(await reasonless.text()).toContain("Say why");
    const suspended = await admin.post(`/admin/customers/${h.f.ids.A2}/status`, {
      status: "suspended",
      reason: "Unpaid invoice",
    });
    expect(suspended.status).toBe(303);
    const status = async () =>
      (await h.db.pool.query("select status from public.customers where id = $1", [h.f.ids.A2]))
        .rows[0]?.status;
    expect(await status()).toBe("suspended");
    const list = await (await admin.get("/admin/customers")).text();
    expect(list).toContain("Resume");
    await admin.post(`/admin/customers/${h.f.ids.A2}/status`, { status: "active" });
    expect(await status()).toBe("active");
    const reseller = async () =>
      (await h.db.pool.query("select status from public.resellers where id = $1", [h.f.ids.R2]))
        .rows[0]?.status;
    expect(
      (
        await (
          await h.as("resellerOwner")
        ).post(`/admin/resellers/${h.f.ids.R2}/status`, { status: "suspended" })
      ).status,
    ).toBe(404);
    expect(await reseller()).toBe("active");
    expect(
      (
        await admin.post(`/admin/resellers/${h.f.ids.R2}/status`, {
          status: "suspended",
          reason: "Contract ended",
        })
      ).status,
    ).toBe(303);
    expect(await reseller()).toBe("suspended");
    expect(await (await admin.get("/admin/resellers")).text()).toContain("Resume");
    await admin.post(`/admin/resellers/${h.f.ids.R2}/status`, { status: "active" });
    expect(await reseller()).toBe("active");
  });

  it("home sends a single-membership user straight to their page and lists several for admins", async () => {
    const owner = await h.as("customerOwner");
    const home = await owner.get("/");
    expect(home.status).toBe(303);
    expect(home.headers.get("location")).toBe(`/c/${h.f.ids.A}`);
    const stranger = await (await h.as("stranger")).get("/");
    expect(stranger.status).toBe(200);
    expect(await stranger.text()).toContain("not part of a business yet");
  });

  it("puts a strict CSP and the other secure headers on pages, and no internals in errors", async () => {
    const res = await (await h.as("customerOwner")).get(`/c/${h.f.ids.A}`);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    // Only our own pages may frame ours (the simulator's Mini App panel); no other site.
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const html = await res.text();
    expect(html).not.toMatch(/<script>[^<]/);
    expect(html).not.toMatch(/ style=/);
    const bad = await (await h.as("customerOwner")).get(`/c/${h.f.ids.A}/tasks?cursor=%%%`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).not.toMatch(/at .*\.ts|stack|SELECT/i);
  });

  it("refuses an oversized form with 413", async () => {
    const owner = await h.as("customerOwner");
    const res = await owner.post(`/c/${h.f.ids.A}/team/invites`, {
      role: "viewer",
      pad: "x".repeat(40_000),
    });
    expect(res.status).toBe(413);
  });
});
