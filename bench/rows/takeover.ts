/**
 * Take-over input latency: people holding the controls of knights'
 * desktops, each clicking and typing as fast as the answers come, through
 * the dashboard's own calls over loopback HTTP (session cookie, form token,
 * `POST …/control/act`), exactly what the page's script sends. The figure is
 * the time from sending an action to having the new screen (its bytes are in
 * the answer), with the Orgo sandbox's latency set to 0: what is left is the
 * platform (checks, recording the step and frame, announcing it) plus the
 * sandbox drawing its screenshot. Not measured: a browser's own paint.
 * Baseline: the same action and screenshot sent straight to Orgo, with no
 * platform in between.
 */

import type { Hono } from "hono";
import {
  createLocalFramePublisher,
  createPostgresFrameStore,
} from "../../agents/knights/frames.ts";
import { createDesktopControl } from "../../agents/knights/takeover.ts";
import { createVmManager } from "../../agents/knights/vms.ts";
import { createOrgoClient, type OrgoClient } from "../../agents/orgo/index.ts";
import { createApp } from "../../api/app.ts";
import type { AppEnv } from "../../api/env.ts";
import type { Principal } from "../../api/principal.ts";
import { createWebKit } from "../../api/web-kit.ts";
import { createApprovals } from "../../approvals/index.ts";
import { createCsrfTokens } from "../../dashboard/csrf.ts";
import { createDashboardRoutes } from "../../dashboard/routes.tsx";
import { createData, type Data } from "../../db/index.ts";
import { listen } from "../../lib/http-server.ts";
import { createLogger, createMetrics } from "../../observability/index.ts";
import { startOrgoSandbox } from "../../sandbox/orgo/index.ts";
import { openBenchDatabase } from "../database.ts";
import { num, type Row } from "../report.ts";
import { percentile } from "../stats.ts";

const WORKSPACE = "00000000-0000-4000-8000-0000000be0c9";
const SECRET = "bench-takeover-secret-0123456789abcdef012345";
const settings = { full: { people: 20, seconds: 20 }, quick: { people: 4, seconds: 3 } };

type Desk = { customerId: string; employeeId: string; userId: string; computerId: string };

async function seed(data: Data, orgo: OrgoClient, people: number): Promise<Desk[]> {
  const computers = await Promise.all(
    Array.from({ length: people }, (_, i) => orgo.createComputer({ name: `bench-takeover-${i}` })),
  );
  await Promise.all(computers.map((c) => orgo.waitForStatus(c.id, ["running"], { pollMs: 10 })));
  return data.asService("bench: take-over desks", async (tx) => {
    const desks: Desk[] = [];
    for (const computer of computers) {
      const { rows } = await tx.query<{ c: string; u: string; e: string }>(
        `with c as (insert into public.customers (name, plan) values ('Take-over bench', 'team') returning id),
              u as (insert into public.users (display_name) values ('Controller') returning id),
              m as (insert into public.memberships (user_id, customer_id, role)
                    select u.id, c.id, 'member' from u, c),
              e as (insert into public.employees (customer_id, name, role_template)
                    select id, 'Ada', 'ops_assistant' from c returning id, customer_id),
              v as (insert into public.vms (customer_id, employee_id, provider_id, resolution, status, started_at)
                    select customer_id, id, $1, '1280x720', 'running', now() from e),
              t as (insert into public.tasks (customer_id, employee_id, request, status, paused_reason, approved_at)
                    select customer_id, id, 'Log in to the supplier portal', 'waiting_for_input', 'question', now() from e)
         select (select id from c) as c, (select id from u) as u, (select id from e) as e`,
        [computer.id],
      );
      desks.push({
        customerId: rows[0]!.c,
        userId: rows[0]!.u,
        employeeId: rows[0]!.e,
        computerId: computer.id,
      });
    }
    return desks;
  });
}

export const takeoverRow: Row = {
  id: "takeover",
  name: "takeover input latency",
  target:
    "end to end p50 and p99 ≤ 2× action + screenshot straight to Orgo (same run), 20 people on 20 desktops, Orgo latency 0",
  async run(ctx) {
    const { people, seconds } = settings[ctx.mode];
    const database = await openBenchDatabase({ queue: false });
    const orgo = await startOrgoSandbox({
      workspaces: [{ id: WORKSPACE, name: "bench" }],
      latencyMs: 0,
    });
    const logger = createLogger({ level: "silent" });
    const client = createOrgoClient({
      apiKey: "sk_sandbox",
      baseUrl: orgo.baseUrl,
      workspaceId: WORKSPACE,
    });
    const data = createData(database.db);
    const kit = createWebKit({
      data,
      appSecret: SECRET,
      limits: {
        perIp: { limit: 1_000_000, windowMs: 60_000 },
        perUser: { limit: 1_000_000, windowMs: 60_000 },
      },
    });
    const control = createDesktopControl({
      data,
      orgo: client,
      vms: createVmManager({ data, orgo: client, logger }),
      frames: createPostgresFrameStore(data),
      publisher: createLocalFramePublisher(),
      logger,
      enqueue: async () => {},
    });
    const app = createApp({
      logger,
      metrics: createMetrics({ defaults: false }),
      readiness: () => [],
      dashboard: createDashboardRoutes({
        approvals: createApprovals({ data, logger }),
        data,
        appSecret: SECRET,
        kit,
        logger,
        botUsername: "mouse_bot",
        control,
      }),
    }) as unknown as Hono<AppEnv>;
    const server = await listen(app);
    try {
      const desks = await seed(data, client, people);
      const tokens = createCsrfTokens(SECRET);
      ctx.log(`takeover: ${people} people take control`);
      const sessions = await Promise.all(
        desks.map(async (desk) => {
          const { token, claims } = await kit.sessions.issue(desk.userId);
          const csrf = tokens.token({ userId: desk.userId, session: claims } as Principal);
          const base = `${server.url}/c/${desk.customerId}/employees/${desk.employeeId}/control`;
          const post = (path: string, fields: Record<string, string>) =>
            fetch(`${base}${path}`, {
              method: "POST",
              headers: {
                cookie: `__Host-mouse_session=${token}`,
                origin: server.url,
                "content-type": "application/x-www-form-urlencoded",
              },
              body: new URLSearchParams({ ...fields, _csrf: csrf }).toString(),
            });
          const taken = await post("/take", {});
          if (taken.status !== 200)
            throw new Error(`take control: ${taken.status} ${await taken.text()}`);
          return { desk, post };
        }),
      );

      ctx.log(`takeover: ${people} people act for ${seconds} s`);
      const latencies: number[] = [];
      /** The same, less the time the server spent waiting for Orgo (its Server-Timing). */
      const platform: number[] = [];
      let errors = 0;
      const until = Date.now() + seconds * 1_000;
      await Promise.all(
        sessions.map(async ({ post }, who) => {
          for (let i = 0; Date.now() < until; i++) {
            const fields: Record<string, string> =
              i % 3 === 2
                ? { type: "type", text: "ab" }
                : {
                    type: "click",
                    x: String(100 + ((i * 37 + who) % 1000)),
                    y: String(100 + (i % 500)),
                  };
            const started = performance.now();
            const res = await post("/act", fields);
            const body = (await res.json()) as { frame?: { data: string } };
            const total = performance.now() - started;
            const orgoMs = Number(
              /orgo;dur=([\d.]+)/.exec(res.headers.get("server-timing") ?? "")?.[1],
            );
            if (res.status !== 200 || !body.frame?.data || !Number.isFinite(orgoMs)) errors++;
            else {
              latencies.push(total);
              platform.push(total - orgoMs);
            }
          }
        }),
      );

      ctx.log("takeover: baseline, straight to Orgo");
      const bare: number[] = [];
      const bareUntil = Date.now() + seconds * 1_000;
      await Promise.all(
        desks.map(async (desk, who) => {
          for (let i = 0; Date.now() < bareUntil; i++) {
            const started = performance.now();
            await client.click(desk.computerId, {
              x: 100 + ((i * 37 + who) % 1000),
              y: 100 + (i % 500),
            });
            await client.screenshot(desk.computerId);
            bare.push(performance.now() - started);
          }
        }),
      );

      const p50 = percentile(platform, 50);
      const p99 = percentile(platform, 99);
      const e2eP50 = percentile(latencies, 50);
      const e2eP99 = percentile(latencies, 99);
      const bareP50 = percentile(bare, 50);
      const bareP99 = percentile(bare, 99);
      return {
        figure: `platform p50 ${num(p50, 1)} ms, p99 ${num(p99, 1)} ms (action sent → new screen received, less Orgo's own time); end to end p50 ${num(e2eP50, 1)} ms, p99 ${num(e2eP99, 1)} ms; ${num(latencies.length)} actions by ${people} people on ${people} desktops, ${errors} errors`,
        baseline: `action + screenshot straight to Orgo: p50 ${num(bareP50, 1)} ms, p99 ${num(bareP99, 1)} ms`,
        ratio: e2eP50 / Math.max(0.001, bareP50),
        ratioMeaning: `end-to-end p50 through the platform / straight to Orgo (p99 ${num(e2eP99 / Math.max(0.001, bareP99), 2)}×)`,
        // Judged against the same calls made straight to Orgo on this machine, in this run.
        pass: errors === 0 && e2eP50 <= 2 * bareP50 && e2eP99 <= 2 * bareP99,
        metrics: {
          people,
          seconds,
          actions: latencies.length,
          errors,
          p50Ms: p50,
          p99Ms: p99,
          e2eP50Ms: e2eP50,
          e2eP99Ms: e2eP99,
          bareP50Ms: bareP50,
          bareP99Ms: bareP99,
          database: database.describe,
        },
        notes: [
          `each person clicks (2 of 3) or types as fast as the answers come; the answer carries the new screen; Orgo sandbox latency 0 (its screenshot drawing still counts); ${database.describe}`,
        ],
      };
    } finally {
      await server.close();
      await orgo.close();
      await database.close();
    }
  },
};
