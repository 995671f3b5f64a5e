/**
 * The schedule page in a real headless Chromium: a customer owner sees their
 * recurring task with its next run in their own time zone, opens its run
 * history (result and cost), pauses and resumes it, and starts a run now,
 * which lands as a knight task with its job on real BullMQ. The JSON API
 * answers the same, and refuses what it must with a reason.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueTask, type KnightJob, writeScheduledTask } from "../agents/knights/index.ts";
import { createLoginLink } from "../auth/index.ts";
import { migrate } from "../db/index.ts";
import { listen, type RunningServer } from "../lib/http-server.ts";
import type { QueueKit } from "../queue/index.ts";
import { billingGate, createScheduleControls, nextRun } from "../schedules/index.ts";
import { createTestQueues } from "../testing/index.ts";
import { startWebHarness, type WebHarness } from "./test-support.ts";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = join(import.meta.dirname, "..", "test-artifacts");

describe("the schedule page in a real browser", () => {
  let h: WebHarness;
  let queues: QueueKit;
  let server: RunningServer;
  let browser: Browser;
  let scheduleId: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium is required at ${CHROMIUM}: apt-get install -y chromium`);
    await mkdir(ARTIFACTS, { recursive: true });
    h = await startWebHarness({
      backend: "pglite",
      extra: (data) => ({
        schedules: createScheduleControls({
          data,
          enqueue: async (taskId) => void (await enqueueTask(queues, taskId)),
          run: { checkBudget: billingGate, writeTask: writeScheduledTask },
        }),
      }),
    });
    await migrate(h.db.pool, { queue: true });
    queues = createTestQueues("postgres", h.db);
    const customer = h.f.ids.A;
    const refs = h.f.refs.A;
    scheduleId = await h.data.asService("test: a schedule with history", async (tx) => {
      await tx.query("update public.customers set time_zone = 'America/New_York' where id = $1", [
        customer,
      ]);
      const next = nextRun({ kind: "daily", at: "08:00" }, "America/New_York", new Date());
      const { rows } = await tx.query<{ id: string }>(
        `insert into public.scheduled_tasks (customer_id, employee_id, role_template, request, cadence, at_time,
                status, budget_micros, next_run_at)
         values ($1, $2, 'social_media_manager', 'Post today''s special on Instagram', 'daily', '08:00',
                 'active', 500000, $3) returning id`,
        [customer, refs.employee, next],
      );
      const { rows: task } = await tx.query<{ id: string }>(
        `insert into public.tasks (customer_id, employee_id, request, status, result, cost_micros, finished_at)
         values ($1, $2, 'Post today''s special on Instagram', 'succeeded', 'Posted the lemon tart', 312000, now())
         returning id`,
        [customer, refs.employee],
      );
      await tx.query(
        `insert into public.schedule_runs (schedule_id, customer_id, due_at, started_at, outcome, late, task_id)
         values ($1, $2, now() - interval '1 day', now() - interval '1 day' + interval '3 hours', 'started', true, $3)`,
        [rows[0]!.id, customer, task[0]!.id],
      );
      return rows[0]!.id;
    });
    server = await listen(h.app);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await queues?.close();
    await h?.close();
  });

  it("lists, shows history, pauses, resumes and runs now, with times in the customer's zone", async () => {
    // Signed in the way the bot's /dashboard does it: a one-time login link.
    const { token } = await createLoginLink(h.data, h.f.users.customerOwner);
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(`${server.url}/login/${token}`);
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));

    await page.goto(`${server.url}/c/${h.f.ids.A}/schedules`);
    const row = page.locator(`tr[data-schedule="${scheduleId}"]`);
    await row.waitFor({ timeout: 5_000 }).catch(async (error) => {
      throw new Error(`${page.url()}: ${(await page.textContent("body"))?.slice(0, 600)}`, {
        cause: error,
      });
    });
    expect(await page.locator("[data-time-zone]").textContent()).toBe("America/New_York");
    expect(await row.locator("[data-next-run]").textContent()).toMatch(
      /08:00 \(America\/New_York\)$/,
    );
    expect(await row.textContent()).toContain("every day at 08:00");
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-schedules.png"), fullPage: true });

    // History: the late run, its result and cost.
    await row.getByRole("link").click();
    await page.waitForURL(`**/schedules/${scheduleId}`);
    const run = page.locator("tr[data-run]").first();
    expect(await run.textContent()).toMatch(
      /late[\s\S]*succeeded[\s\S]*Posted the lemon tart[\s\S]*\$0\.31/,
    );
    await page.getByRole("link", { name: "All schedules" }).click();

    await row.locator('button[data-action="pause"]').click();
    await page.getByText("Paused: it won't run until you resume it.").waitFor();
    expect(await row.locator(".badge").first().textContent()).toBe("paused");

    await row.locator('button[data-action="resume"]').click();
    await page.getByText("Resumed.").waitFor();
    expect(await row.locator(".badge").first().textContent()).toBe("active");

    await row.locator('button[data-action="run"]').click();
    await page.getByText("Started: the run is queued for its knight.").waitFor();
    const manual = await h.data.asService("test: runs", (tx) =>
      tx.query<{ task_id: string }>(
        "select task_id from public.schedule_runs where schedule_id = $1 and manual",
        [scheduleId],
      ),
    );
    expect(manual.rows).toHaveLength(1);
    expect(await queues.queue<KnightJob>("knights").getJob(manual.rows[0]!.task_id)).toBeTruthy();
    expect(problems).toEqual([]);
  }, 60_000);

  it("the JSON API lists, edits and refuses with reasons, under RLS", async () => {
    const owner = await h.as("customerOwner");
    const list = await owner.api(`/customers/${h.f.ids.A}/schedules`);
    expect(list.status).toBe(200);
    const body = (await list.json()) as { data: { id: string; timeZone: string }[] };
    expect(body.data.find((s) => s.id === scheduleId)?.timeZone).toBe("America/New_York");

    // Moving the time is fine; running more often needs a new approval.
    const moved = await owner.api(`/customers/${h.f.ids.A}/schedules/${scheduleId}`, {
      method: "PATCH",
      json: { cadence: { kind: "daily", at: "09:00" } },
    });
    expect(moved.status).toBe(200);
    expect(((await moved.json()) as { description: string }).description).toBe(
      "every day at 09:00",
    );
    const more = await owner.api(`/customers/${h.f.ids.A}/schedules/${scheduleId}`, {
      method: "PATCH",
      json: { cadence: { kind: "cron", expression: "0 * * * *" } },
    });
    expect(more.status).toBe(409);
    const bad = await owner.api(`/customers/${h.f.ids.A}/time-zone`, {
      method: "PUT",
      json: { timeZone: "Mars/Olympus" },
    });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(
      /not a time zone/,
    );

    // A viewer sees but cannot pause; another customer's owner does not even see it.
    const viewer = await h.as("customerViewer");
    const refused = await viewer.api(`/customers/${h.f.ids.A}/schedules/${scheduleId}/pause`, {
      method: "POST",
    });
    expect(refused.status).toBe(403);
    const stranger = await h.as("stranger");
    const hidden = await stranger.api(`/customers/${h.f.ids.A}/schedules/${scheduleId}`);
    expect([403, 404]).toContain(hidden.status);
  });
});
