/**
 * The JSON API for every kind of caller: the same data as the dashboard, the
 * one error shape, keyset pagination, 404 across tenants, 403 for a viewer's
 * change, and rate limits that two web processes share.
 */
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApprovals } from "../approvals/index.ts";
import { addFrame, startWebHarness, type WebHarness } from "../dashboard/test-support.ts";
import { createLogger, createMetrics } from "../observability/index.ts";
import { databaseBackends, type UserKey } from "../testing/index.ts";
import { createApiRoutes } from "./api-routes.ts";
import { createApp } from "./app.ts";
import { createRateLimiter } from "./rate-limiter.ts";
import { createWebKit } from "./web-kit.ts";

const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001", "hex");

describe.each(databaseBackends())("JSON API (%s)", (backend) => {
  let h: WebHarness;
  let frameA: string;
  beforeAll(async () => {
    h = await startWebHarness({ backend });
    frameA = await addFrame(h.data, h.f.ids.A, h.f.refs.A.task, PNG);
  });
  afterAll(() => h?.close());

  const customerEndpoints = (c: string) => {
    const { refs } = h.f;
    return [
      `/customers/${c}`,
      `/customers/${c}/employees`,
      `/customers/${c}/employees/${refs.A.employee}`,
      `/customers/${c}/tasks`,
      `/customers/${c}/tasks/${refs.A.task}`,
      `/customers/${c}/frames/${frameA}`,
      `/customers/${c}/approvals?status=all`,
      `/customers/${c}/billing`,
      `/customers/${c}/members`,
    ];
  };

  it("serves customer A's data to its members, its reseller's staff and admins; 404 to anyone else", async () => {
    const readers: UserKey[] = [
      "customerOwner",
      "customerMember",
      "customerViewer",
      "resellerOwner",
      "resellerViewer",
      "platformAdmin",
    ];
    for (const who of readers) {
      const client = await h.as(who);
      for (const path of customerEndpoints(h.f.ids.A)) {
        const res = await client.api(path);
        expect({ who, path, status: res.status }).toEqual({ who, path, status: 200 });
      }
    }
    for (const who of [h.f.users.stranger, h.f.residents.R2, h.f.residents.B]) {
      const client = await h.as({ userId: who });
      for (const path of customerEndpoints(h.f.ids.A)) {
        const res = await client.api(path);
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
        expect(await res.json()).toMatchObject({ error: { status: 404 } });
      }
    }
    const anonymous = await h.app.request(`/api/customers/${h.f.ids.A}`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({
      error: { status: 401, message: "Sign in first", requestId: expect.any(String) },
    });
  });

  it("never returns another customer's employee, task or frame under A's id", async () => {
    const owner = await h.as("customerOwner");
    const { ids, refs } = h.f;
    for (const path of [
      `/customers/${ids.A}/employees/${refs.B.employee}`,
      `/customers/${ids.A}/tasks/${refs.B.task}`,
      `/customers/${ids.A}/frames/${h.f.rows.frames.B![0]}`,
      `/customers/${ids.B}/tasks/${refs.B.task}`,
    ]) {
      expect({ path, status: (await owner.api(path)).status }).toEqual({ path, status: 404 });
    }
  });

  it("decides approvals for members; viewers get 403 and other tenants 404", async () => {
    const approval = await h.data.asService("test: approval", async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `insert into public.approvals (customer_id, kind, summary, expires_at)
         values ($1, 'task.run', 'Via API', now() + interval '1 hour') returning id`,
        [h.f.ids.A],
      );
      return rows[0]!.id;
    });
    const path = `/customers/${h.f.ids.A}/approvals/${approval}`;
    const viewer = await (await h.as("customerViewer")).api(path, {
      method: "POST",
      json: { decision: "approve" },
    });
    expect(viewer.status).toBe(403);
    const stranger = await (await h.as("stranger")).api(path, {
      method: "POST",
      json: { decision: "approve" },
    });
    expect(stranger.status).toBe(404);
    const bad = await (await h.as("customerMember")).api(path, {
      method: "POST",
      json: { decision: "maybe" },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { status: 400, message: "Invalid request: decision" },
    });
    const ok = await (await h.as("customerMember")).api(path, {
      method: "POST",
      json: { decision: "deny" },
    });
    expect(await ok.json()).toEqual({ outcome: "denied", status: "denied" });
  });

  it("pages through tasks with a cursor, without repeats or gaps", async () => {
    await h.data.asService("test: tasks", async (tx) => {
      for (let i = 0; i < 7; i++) {
        await tx.query(
          "insert into public.tasks (customer_id, employee_id, request) values ($1, $2, $3)",
          [h.f.ids.A, h.f.refs.A.employee, `Paged task ${i}`],
        );
      }
    });
    const owner = await h.as("customerOwner");
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const res = await owner.api(`/customers/${h.f.ids.A}/tasks?limit=3${query}`);
      const body = (await res.json()) as { data: { id: string }[]; nextCursor: string | null };
      seen.push(...body.data.map((t) => t.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    const { rows } = await h.db.pool.query("select id from public.tasks where customer_id = $1", [
      h.f.ids.A,
    ]);
    expect(seen.sort()).toEqual(rows.map((r) => r.id).sort());
    expect(pages).toBe(Math.ceil(rows.length / 3) + (rows.length % 3 === 0 ? 1 : 0));
    const tampered = await owner.api(`/customers/${h.f.ids.A}/tasks?cursor=abc`);
    expect(tampered.status).toBe(400);
  });

  it("lets reseller owners create customers and read earnings; members 403, other resellers 404", async () => {
    const owner = await h.as("resellerOwner");
    const created = await owner.api(`/resellers/${h.f.ids.R1}/customers`, {
      method: "POST",
      json: { name: "API Bakery" },
    });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { customerId: string; invite: { deepLink: string } };
    const invite = await owner.api(`/resellers/${h.f.ids.R1}/customers/${body.customerId}/invite`);
    expect(((await invite.json()) as { deepLink: string }).deepLink).toBe(body.invite.deepLink);
    const earnings = await owner.api(`/resellers/${h.f.ids.R1}?period=2026-11`);
    expect(await earnings.json()).toMatchObject({
      earnings: { period: "2026-11", revenueShareBps: 2000 },
    });
    const member = await h.as("resellerMember");
    expect(
      (
        await member.api(`/resellers/${h.f.ids.R1}/customers`, {
          method: "POST",
          json: { name: "x" },
        })
      ).status,
    ).toBe(403);
    expect((await owner.api(`/resellers/${h.f.ids.R2}`)).status).toBe(404);
    expect((await owner.api(`/resellers/${h.f.ids.R1}/customers/${h.f.ids.B}/invite`)).status).toBe(
      404,
    );
    const list = (await (
      await owner.api(`/resellers/${h.f.ids.R1}/customers?limit=100`)
    ).json()) as { data: { id: string }[] };
    expect(list.data.map((c) => c.id)).not.toContain(h.f.ids.B);
  });

  it("invites team members for owners only", async () => {
    const path = `/customers/${h.f.ids.A}/invites`;
    expect(
      (await (await h.as("customerViewer")).api(path, { method: "POST", json: { role: "viewer" } }))
        .status,
    ).toBe(403);
    const res = await (await h.as("customerAdmin")).api(path, {
      method: "POST",
      json: { role: "member" },
    });
    expect(res.status).toBe(201);
  });

  it("keeps /api/admin to platform admins (404 otherwise)", async () => {
    for (const who of ["customerOwner", "resellerOwner", "stranger"] as const) {
      const client = await h.as(who);
      expect((await client.api("/admin/health")).status).toBe(404);
      expect(
        (
          await client.api(`/admin/customers/${h.f.ids.A}/status`, {
            method: "POST",
            json: { status: "suspended" },
          })
        ).status,
      ).toBe(404);
    }
    const admin = await h.as("platformAdmin");
    const health = (await (await admin.api("/admin/health")).json()) as {
      vms: Record<string, number>;
    };
    expect(health.vms.running).toBeGreaterThanOrEqual(4);
    expect((await admin.api("/admin/customers?limit=2")).status).toBe(200);
    expect((await admin.api("/admin/resellers")).status).toBe(200);
    // A suspension says why: the customer is told the reason.
    const reasonless = await admin.api(`/admin/customers/${h.f.ids.D}/status`, {
      method: "POST",
      json: { status: "suspended" },
    });
    expect(reasonless.status).toBe(400);
    const res = await admin.api(`/admin/customers/${h.f.ids.D}/status`, {
      method: "POST",
      json: { status: "suspended", reason: "Unpaid invoice" },
    });
    expect(await res.json()).toEqual({ customerId: h.f.ids.D, status: "suspended" });
  });

  it("limits requests per IP and per user across web processes sharing the database", async () => {
    let clock = Date.parse("2026-11-22T12:00:00.000Z");
    const now = () => clock;
    const makeProcess = () => {
      const deps = {
        data: h.data,
        appSecret: "rate-limit-test-secret-0123456789abcdef",
        now,
        limiter: createRateLimiter({ data: h.data, now }),
        limits: {
          perIp: { limit: 1_000, windowMs: 60_000 },
          perUser: { limit: 5, windowMs: 60_000 },
        },
      };
      const kit = createWebKit(deps);
      const app = createApp({
        logger: createLogger({ level: "silent" }),
        metrics: createMetrics({ defaults: false }),
        readiness: () => [],
        api: createApiRoutes({
          ...deps,
          kit,
          logger: createLogger({ level: "silent" }),
          botUsername: "b",
          approvals: createApprovals({ data: h.data, logger: createLogger({ level: "silent" }) }),
        }),
      }) as unknown as Hono;
      return { app, kit };
    };
    const [one, two] = [makeProcess(), makeProcess()];
    const { token } = await one.kit.sessions.issue(h.f.users.customerViewer);
    const call = (p: typeof one) =>
      p.app.request("/api/me", { headers: { cookie: `__Host-mouse_session=${token}` } });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await call(i % 2 ? two : one)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await call(one);
    expect(limited.headers.get("retry-after")).toBe("60");
    expect(await limited.json()).toMatchObject({
      error: { status: 429, message: "Too many requests, slow down" },
    });
    clock += 60_000;
    expect((await call(two)).status).toBe(200);
  });

  it("refuses oversized bodies with 413 in the error shape", async () => {
    const res = await (await h.as("resellerOwner")).api(`/resellers/${h.f.ids.R1}/customers`, {
      method: "POST",
      json: { name: "x".repeat(70_000) },
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { status: 413 } });
  });

  it("refuses a cross-site form post in the one error shape", async () => {
    const owner = await h.as("resellerOwner");
    const res = await h.app.request(`/api/resellers/${h.f.ids.R1}/customers`, {
      method: "POST",
      headers: {
        cookie: owner.cookie,
        "content-type": "application/x-www-form-urlencoded",
        origin: "https://evil.example",
      },
      body: "name=Forged",
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({
      error: { status: 403, message: "Cross-site request refused" },
    });
  });

  it("keeps the app's health routes working beside /api and the dashboard", async () => {
    expect((await h.app.request("/healthz")).status).toBe(200);
    const res = await h.app.request("/api/nothing-here", {
      headers: { cookie: (await h.as("customerOwner")).cookie },
    });
    expect(res.status).toBe(404);
  });
});
