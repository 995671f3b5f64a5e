/**
 * The scheduler with a controlled clock, on real BullMQ (Postgres backend on
 * PGlite, and the server and Redis when set): runs start at 08:00 Berlin time
 * on both sides of a daylight-saving change, three schedulers never start a
 * run twice nor miss one, downtime yields one late run, paused schedules and
 * suspended customers start nothing, and a run over the cap starts nothing
 * and asks the customer.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { enqueueTask, type KnightJob, writeScheduledTask } from "../agents/knights/index.ts";
import { createCallbackSigner, createOutboxNotifier } from "../bot/index.ts";
import { createData, createDatabase, type Data, type Database, migrate } from "../db/index.ts";
import { createLogger } from "../observability/index.ts";
import { createQueueKit, type QueueKit } from "../queue/index.ts";
import { createTestDatabase, queueTargets, testNamespace } from "../testing/index.ts";
import { type Cadence, nextRun } from "./cadence.ts";
import { createScheduleNotices } from "./notices.ts";
import { cadenceColumns } from "./schedule-row.ts";
import { type RunningScheduler, startScheduler } from "./scheduler.ts";

const logger = createLogger({ level: "silent" });
const signer = createCallbackSigner("a-test-secret-that-is-long-enough-0123456789");

describe.each(queueTargets())("scheduler, $name", ({ queue, database }) => {
  let db: Database;
  let data: Data;
  let namespace: string;
  const kits: QueueKit[] = [];
  const kit = () => {
    const k =
      queue === "redis"
        ? createQueueKit({ kind: "redis", url: process.env.REDIS_URL! }, { namespace })
        : createQueueKit({ kind: "postgres", pool: db.queuePool }, { namespace });
    kits.push(k);
    return k;
  };
  let clock = new Date("2026-03-27T12:00:00Z");

  beforeAll(async () => {
    db = await createTestDatabase(database, { max: 10 });
    await migrate(db.pool, { queue: queue === "postgres" });
    data = createData(db);
    namespace = testNamespace();
  });
  // Each test owns its schedules: the clock jumps between tests, so left
  // active they would all be due (and late) in the next one.
  afterEach(async () => {
    await q("update public.scheduled_tasks set status = 'cancelled' where status = 'active'");
  });
  afterAll(async () => {
    for (const k of kits) await k.close();
    await db?.close();
  });

  const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    (await data.asService("test", (tx) => tx.query<T>(sql, params))).rows;

  async function customer(
    opts: { zone?: string; status?: string; budget?: number } = {},
  ): Promise<{ id: string; owner: string; employee: string; chat: number }> {
    const chat = 700_000 + Math.floor(Math.random() * 1_000_000);
    const [c] = await q<{ id: string }>(
      "insert into public.customers (name, time_zone, status, monthly_budget_micros) values ('Bakery', $1, $2, $3) returning id",
      [opts.zone ?? "Europe/Berlin", opts.status ?? "active", opts.budget ?? null],
    );
    const [u] = await q<{ id: string }>(
      "insert into public.users (display_name, telegram_user_id) values ('Owner', $1) returning id",
      [chat],
    );
    await q(
      "insert into public.memberships (user_id, customer_id, role) values ($1, $2, 'owner')",
      [u!.id, c!.id],
    );
    const [e] = await q<{ id: string }>(
      "insert into public.employees (customer_id, name, role_template) values ($1, 'Poster', 'social_media_manager') returning id",
      [c!.id],
    );
    return { id: c!.id, owner: u!.id, employee: e!.id, chat };
  }

  async function schedule(
    c: { id: string; owner: string; employee: string },
    cadence: Cadence,
    nextRunAt: Date,
    opts: { status?: string; budget?: number; zone?: string } = {},
  ): Promise<string> {
    const cols = cadenceColumns(cadence);
    const [s] = await q<{ id: string }>(
      `insert into public.scheduled_tasks (customer_id, employee_id, role_template, request, cadence, at_time,
              weekday, days, month_day, every_n, cron, status, budget_micros, created_by, next_run_at)
       values ($1, $2, 'social_media_manager', 'Post the special', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       returning id`,
      [
        c.id,
        c.employee,
        cols.cadence,
        cols.at_time,
        cols.weekday,
        cols.days,
        cols.month_day,
        cols.every_n,
        cols.cron,
        opts.status ?? "active",
        opts.budget ?? 800_000,
        c.owner,
        nextRunAt,
      ],
    );
    return s!.id;
  }

  async function start(
    k: QueueKit,
    extra: { scanEveryMs?: number; batchSize?: number; data?: Data } = {},
  ) {
    return startScheduler({
      data,
      queues: k,
      logger,
      now: () => clock,
      enqueue: async (taskId) => void (await enqueueTask(k, taskId)),
      writeTask: writeScheduledTask,
      notices: createScheduleNotices({
        data,
        notifier: createOutboxNotifier(k, data),
        logger,
        sign: (payload, chatId) => signer.sign(payload, chatId),
        billingUrl: "http://127.0.0.1:8787/billing",
      }),
      scanEveryMs: 100,
      ...extra,
    });
  }

  async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000) {
    const end = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (ok(value) || Date.now() > end) return value;
      await sleep(50);
    }
  }

  const runsOf = (scheduleId: string) =>
    q<{ due_at: Date; outcome: string; late: boolean; task_id: string | null }>(
      "select due_at, outcome, late, task_id from public.schedule_runs where schedule_id = $1 order by due_at",
      [scheduleId],
    );

  it("a daily run at 08:00 in Europe/Berlin fires at 08:00 local on both sides of the DST change", async () => {
    const k = kit();
    const scheduler = await start(k);
    try {
      const c = await customer({ zone: "Europe/Berlin" });
      const daily: Cadence = { kind: "daily", at: "08:00" };
      clock = new Date("2026-03-27T12:00:00Z");
      const id = await schedule(c, daily, nextRun(daily, "Europe/Berlin", clock));
      // Let the clock pass each due time; the BullMQ-driven scan starts the run.
      for (const due of ["2026-03-28T07:00:00.000Z", "2026-03-29T06:00:00.000Z"]) {
        clock = new Date(new Date(due).getTime() + 400);
        const runs = await until(
          () => runsOf(id),
          (r) => r.some((x) => x.due_at.toISOString() === due),
        );
        expect(runs.map((r) => r.due_at.toISOString())).toContain(due);
      }
      const runs = await runsOf(id);
      expect(runs.map((r) => [r.due_at.toISOString(), r.outcome, r.late])).toEqual([
        ["2026-03-28T07:00:00.000Z", "started", false],
        ["2026-03-29T06:00:00.000Z", "started", false],
      ]);
      const [s] = await q<{ next_run_at: Date }>(
        "select next_run_at from public.scheduled_tasks where id = $1",
        [id],
      );
      expect(s!.next_run_at.toISOString()).toBe("2026-03-30T06:00:00.000Z");
      // Each run is a queued, approved knight task with its job in the knights' queue.
      for (const run of runs) {
        const [task] = await q<{ status: string; approved_at: Date | null; request: string }>(
          "select status, approved_at, request from public.tasks where id = $1",
          [run.task_id],
        );
        expect(task).toMatchObject({ status: "queued", request: "Post the special" });
        expect(task!.approved_at).not.toBeNull();
        expect(await k.queue<KnightJob>("knights").getJob(run.task_id!)).toBeTruthy();
      }
    } finally {
      await scheduler.close();
    }
  });

  it("three schedulers start 1,000 due runs: none twice, none missed", async () => {
    clock = new Date("2026-06-01T09:00:00Z");
    const due = new Date(clock.getTime() - 1_000);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const c = await customer({ zone: i % 2 ? "America/New_York" : "Asia/Tokyo" });
      // One statement per customer: 100 schedules due one second ago.
      const rows = await q<{ id: string }>(
        `insert into public.scheduled_tasks (customer_id, employee_id, role_template, request, cadence,
                at_time, status, budget_micros, created_by, next_run_at)
         select $1, $2, 'social_media_manager', 'Check prices ' || g, 'daily', '09:00', 'active', 1000, $3, $4
           from generate_series(1, 100) g returning id`,
        [c.id, c.employee, c.owner, due],
      );
      ids.push(...rows.map((r) => r.id));
    }
    const schedulers: RunningScheduler[] = [];
    // On the server each "worker process" has its own connection pool, as separate processes would.
    const pools: Database[] = [];
    for (let i = 0; i < 3; i++) {
      const own =
        database === "postgres"
          ? await createDatabase({ kind: "server", url: (db as { url?: string }).url!, max: 5 })
          : undefined;
      if (own) pools.push(own);
      schedulers.push(
        await start(kit(), { batchSize: 50, ...(own ? { data: createData(own) } : {}) }),
      );
    }
    try {
      // Besides the BullMQ ticks, all three scan at once, as busy workers would.
      await Promise.all(schedulers.map((s) => s.scan()));
      const counts = await until(
        () =>
          q<{ runs: string; distinct_runs: string; tasks: string; behind: string }>(
            `select (select count(*) from public.schedule_runs r where r.schedule_id = any($1))::text as runs,
                    (select count(distinct (schedule_id, due_at)) from public.schedule_runs
                      where schedule_id = any($1))::text as distinct_runs,
                    (select count(*) from public.tasks t where t.request like 'Check prices %')::text as tasks,
                    (select count(*) from public.scheduled_tasks
                      where id = any($1) and next_run_at <= $2)::text as behind`,
            [ids, clock],
          ),
        (r) => r[0]!.runs === "1000",
      );
      expect(counts[0]).toEqual({
        runs: "1000",
        distinct_runs: "1000",
        tasks: "1000",
        behind: "0",
      });
      // More scans at the same time find nothing more to start.
      const again = await Promise.all(schedulers.map((s) => s.scan()));
      expect(again.flat()).toEqual([]);
    } finally {
      await Promise.all(schedulers.map((s) => s.close()));
      for (const own of pools) await own.close();
    }
  }, 180_000);

  it("after 3 hours of downtime an hourly schedule runs once, marked late", async () => {
    const c = await customer({ zone: "Europe/Berlin" });
    const hourly: Cadence = { kind: "hourly", every: 1, minute: 0 };
    clock = new Date("2026-11-10T08:30:00Z");
    const id = await schedule(c, hourly, nextRun(hourly, "Europe/Berlin", clock));
    // Everything was down from 08:30 to 11:45 UTC: the 09:00, 10:00 and 11:00 slots passed.
    clock = new Date("2026-11-10T11:45:00Z");
    const k = kit();
    const scheduler = await start(k);
    try {
      const runs = await until(
        () => runsOf(id),
        (r) => r.length > 0,
      );
      await sleep(500); // more ticks, nothing more
      expect((await runsOf(id)).map((r) => [r.due_at.toISOString(), r.outcome, r.late])).toEqual([
        ["2026-11-10T09:00:00.000Z", "started", true],
      ]);
      expect(runs[0]!.task_id).not.toBeNull();
      const [s] = await q<{ next_run_at: Date; last_run_late: boolean }>(
        "select next_run_at, last_run_late from public.scheduled_tasks where id = $1",
        [id],
      );
      expect(s).toEqual({ next_run_at: new Date("2026-11-10T12:00:00Z"), last_run_late: true });
    } finally {
      await scheduler.close();
    }
  });

  it("a paused schedule, a suspended customer's and an unpaid one's start nothing", async () => {
    clock = new Date("2026-11-11T08:00:30Z");
    const daily: Cadence = { kind: "daily", at: "09:00" };
    const active = await customer({ zone: "Europe/Berlin" });
    const suspended = await customer({ zone: "Europe/Berlin", status: "suspended" });
    const due = new Date("2026-11-11T08:00:00Z");
    const paused = await schedule(active, daily, due, { status: "paused" });
    const ofSuspended = await schedule(suspended, daily, due);
    const control = await schedule(active, daily, due);
    // Stripe gave up collecting: an unpaid subscription starts nothing either.
    const unpaid = await customer({ zone: "Europe/Berlin" });
    await q(
      "insert into public.subscriptions (customer_id, stripe_subscription_id, stripe_customer_id, plan, status) values ($1, $2, 'cus_unpaid', 'pro', 'unpaid')",
      [unpaid.id, `sub_${unpaid.id}`],
    );
    const ofUnpaid = await schedule(unpaid, daily, due);
    const scheduler = await start(kit());
    try {
      await until(
        () => runsOf(control),
        (r) => r.length > 0,
      );
      await sleep(300);
      expect(await runsOf(paused)).toEqual([]);
      expect((await runsOf(ofSuspended)).map((r) => [r.outcome, r.task_id])).toEqual([
        ["suspended", null],
      ]);
      expect((await runsOf(ofUnpaid)).map((r) => [r.outcome, r.task_id])).toEqual([
        ["suspended", null],
      ]);
      const tasks = await q("select 1 from public.tasks where customer_id = any($1)", [
        [suspended.id, unpaid.id],
      ]);
      expect(tasks).toEqual([]);
    } finally {
      await scheduler.close();
    }
  });

  it("a run over the spend cap starts nothing and the customer is asked", async () => {
    clock = new Date("2026-11-12T08:00:30Z");
    const c = await customer({ zone: "Europe/Berlin", budget: 1_000_000 });
    // The spend gate reads this month's usage by the database's clock (billing's one gate).
    await q(
      "insert into public.usage_events (customer_id, kind, quantity, cost_micros, idempotency_key) values ($1, 'model_tokens', 1, 900000, $2)",
      [c.id, `spent-${c.id}`],
    );
    const id = await schedule(c, { kind: "daily", at: "09:00" }, new Date("2026-11-12T08:00:00Z"), {
      budget: 800_000,
    });
    const k = kit();
    const scheduler = await start(k);
    try {
      const runs = await until(
        () => runsOf(id),
        (r) => r.length > 0,
      );
      expect(runs.map((r) => [r.outcome, r.task_id])).toEqual([["over_budget", null]]);
      expect(await q("select 1 from public.tasks where customer_id = $1", [c.id])).toEqual([]);
      const outbox = await until(
        async () =>
          (
            await k
              .queue<{ chatId: number; text: string; buttons?: { text: string }[][] }>("outbox")
              .getJobs(["waiting", "delayed", "prioritized"])
          ).filter((j) => j.data.chatId === c.chat),
        (jobs) => jobs.length > 0,
      );
      expect(outbox[0]!.data.text).toMatch(
        /did not run: it can cost up to \$0\.80.*\$0\.90 of your \$1\.00/,
      );
      expect(outbox[0]!.data.buttons?.[0]?.map((b) => b.text)).toEqual([
        "Raise the cap",
        "Skip this run",
      ]);
      // The next slot is refused too, but the customer was already asked.
      clock = new Date("2026-11-13T08:00:30Z");
      await until(
        () => runsOf(id),
        (r) => r.length > 1,
      );
      expect((await runsOf(id)).map((r) => r.outcome)).toEqual(["over_budget", "over_budget"]);
      await sleep(300);
      const asked = (
        await k.queue<{ chatId: number }>("outbox").getJobs(["waiting", "delayed", "prioritized"])
      ).filter((j) => j.data.chatId === c.chat);
      expect(asked).toHaveLength(1);
    } finally {
      await scheduler.close();
    }
  });

  it("after three failed runs in a row the schedule pauses itself and asks the customer once", async () => {
    clock = new Date("2026-11-20T10:00:30Z");
    const c = await customer({ zone: "UTC" });
    const hourly: Cadence = { kind: "hourly", every: 1, minute: 0 };
    const id = await schedule(c, hourly, new Date("2026-11-20T10:00:00Z"));
    const k = kit();
    const scheduler = await start(k);
    try {
      for (let i = 0; i < 3; i++) {
        const runs = await until(
          () => runsOf(id),
          (r) => r.length === i + 1,
        );
        const taskId = runs[i]!.task_id!;
        // The knight's loop ends the task as failed (the same conditional update it uses).
        await q(
          "update public.tasks set status = 'failed', error = 'The site was down', finished_at = now() where id = $1",
          [taskId],
        );
        clock = new Date(clock.getTime() + 3_600_000);
      }
      const [s] = await until(
        () =>
          q<{ status: string; paused_reason: string | null; consecutive_failures: number }>(
            "select status, paused_reason, consecutive_failures from public.scheduled_tasks where id = $1",
            [id],
          ),
        (r) => r[0]?.status === "paused",
      );
      expect(s).toEqual({ status: "paused", paused_reason: "failures", consecutive_failures: 3 });
      const asked = await until(
        async () =>
          (
            await k
              .queue<{ chatId: number; text: string; buttons?: { text: string }[][] }>("outbox")
              .getJobs(["waiting", "delayed", "prioritized"])
          ).filter((j) => j.data.chatId === c.chat),
        (jobs) => jobs.length > 0,
      );
      expect(asked[0]!.data.text).toMatch(/failed three times in a row, so I paused it/);
      expect(asked[0]!.data.buttons?.[0]?.map((b) => b.text)).toEqual(["▶️ Resume", "🗑 Delete"]);
      // Paused: the next slots start nothing, and the customer is not asked again.
      clock = new Date(clock.getTime() + 3 * 3_600_000);
      await sleep(500);
      expect(await runsOf(id)).toHaveLength(3);
      const again = (
        await k.queue<{ chatId: number }>("outbox").getJobs(["waiting", "delayed", "prioritized"])
      ).filter((j) => j.data.chatId === c.chat);
      expect(again).toHaveLength(1);
    } finally {
      await scheduler.close();
    }
  });

  it("a success between failures resets the count", async () => {
    clock = new Date("2026-11-25T10:00:30Z");
    const c = await customer({ zone: "UTC" });
    const id = await schedule(
      c,
      { kind: "hourly", every: 1, minute: 0 },
      new Date("2026-11-25T10:00:00Z"),
    );
    const scheduler = await start(kit());
    try {
      for (const outcome of ["failed", "failed", "succeeded", "failed", "failed"]) {
        const before = (await runsOf(id)).length;
        const runs = await until(
          () => runsOf(id),
          (r) => r.length === before + 1,
        );
        await q("update public.tasks set status = $2, finished_at = now() where id = $1", [
          runs.at(-1)!.task_id,
          outcome,
        ]);
        clock = new Date(clock.getTime() + 3_600_000);
      }
      const [s] = await q<{ status: string; consecutive_failures: number }>(
        "select status, consecutive_failures from public.scheduled_tasks where id = $1",
        [id],
      );
      expect(s).toEqual({ status: "active", consecutive_failures: 2 });
    } finally {
      await scheduler.close();
    }
  });
});
