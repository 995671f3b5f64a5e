/**
 * Scheduler overhead: 10,000 active schedules (quick: 1,000) over 100
 * customers, with the product's scheduler (`startScheduler`: a BullMQ job
 * scheduler ticking every second, a due scan with `for update skip locked`).
 *
 * Figures: (1) what the scan costs per minute while nothing is due, as scan
 * wall time (one indexed query then: about the database time) and the
 * process's CPU time over the same minute; (2) the delay from due time to
 * task start (the run recorded, its task written and its knight job added)
 * when 100 runs fall due in the same second, p50 and p99, target p99 ≤ 2 s.
 * Baseline: the naive scheduler, which reads every active schedule each
 * tick and asks croner whether each one is due.
 */
import { enqueueTask, writeScheduledTask } from "../../agents/knights/index.ts";
import { createData } from "../../db/index.ts";
import { createLogger } from "../../observability/index.ts";
import { createQueueKit } from "../../queue/index.ts";
import {
  cadenceOf,
  nextRun,
  type ScheduleRow,
  scheduleColumns,
  startScheduler,
} from "../../schedules/index.ts";
import { testNamespace } from "../../testing/index.ts";
import { openBenchDatabase } from "../database.ts";
import { obliterateQueues } from "../queues.ts";
import { num, type Row } from "../report.ts";
import { percentile, sleep, waitUntil } from "../stats.ts";

const settings = {
  full: { schedules: 10_000, idleSeconds: 60, burst: 100 },
  quick: { schedules: 1_000, idleSeconds: 5, burst: 100 },
};
const CUSTOMERS = 100;

export const schedulerRow: Row = {
  id: "scheduler",
  name: "scheduler",
  target: "due → task start p99 ≤ 2 s at 100 runs due in one second",
  async run(ctx) {
    const { schedules, idleSeconds, burst } = settings[ctx.mode];
    const bench = await openBenchDatabase({ queue: !process.env.REDIS_URL });
    const queues = process.env.REDIS_URL
      ? createQueueKit(
          { kind: "redis", url: process.env.REDIS_URL },
          { namespace: testNamespace() },
        )
      : createQueueKit(
          { kind: "postgres", pool: bench.db.queuePool },
          { namespace: testNamespace() },
        );
    const data = createData(bench.db);
    try {
      ctx.log(`scheduler: seeding ${num(schedules)} active schedules`);
      const farAway = new Date(Date.now() + 30 * 86_400_000);
      await bench.db.pool.query(
        `with c as (
           insert into public.customers (name, time_zone, plan)
           select 'Bench ' || g, (array['Europe/Berlin','America/New_York','Asia/Tokyo','UTC'])[1 + g % 4], 'team'
             from generate_series(1, $1) g returning id),
         e as (
           insert into public.employees (customer_id, name, role_template)
           select id, 'Poster', 'social_media_manager' from c returning id, customer_id),
         numbered as (select e.*, row_number() over () - 1 as n from e)
         insert into public.scheduled_tasks (customer_id, employee_id, role_template, request, cadence,
                at_time, status, budget_micros, next_run_at)
         select n.customer_id, n.id, 'social_media_manager', 'Post the special ' || g, 'daily', '08:00',
                'active', 500000, $3
           from generate_series(0, $2 - 1) g join numbered n on n.n = g % $1`,
        [CUSTOMERS, schedules, farAway],
      );
      const enqueuedAt = new Map<string, number>();
      const scheduler = await startScheduler({
        data,
        queues,
        logger: createLogger({ level: "silent" }),
        writeTask: writeScheduledTask,
        enqueue: async (taskId) => {
          await enqueueTask(queues, taskId);
          enqueuedAt.set(taskId, Date.now());
        },
      });
      try {
        // (1) Idle: nothing due, the tick still scans.
        const scans: number[] = [];
        scheduler.worker.on("completed", (job) => {
          if (job.processedOn && job.finishedOn) scans.push(job.finishedOn - job.processedOn);
        });
        await sleep(1_500);
        scans.length = 0;
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        await sleep(idleSeconds * 1000);
        const elapsedMin = (performance.now() - t0) / 60_000;
        const cpu = process.cpuUsage(cpu0);
        const scanMsPerMin = scans.reduce((a, b) => a + b, 0) / elapsedMin;
        const cpuMsPerMin = (cpu.user + cpu.system) / 1000 / elapsedMin;
        const scansPerMin = scans.length / elapsedMin;

        // (2) Burst: 100 schedules due in the same second, 2 s from now.
        const due = new Date(Math.ceil((Date.now() + 2_000) / 1000) * 1000);
        await bench.db.pool.query(
          `update public.scheduled_tasks set next_run_at = $1
            where id in (select id from public.scheduled_tasks order by id limit $2)`,
          [due, burst],
        );
        ctx.log(`scheduler: ${burst} runs due at ${due.toISOString()}`);
        const done = await waitUntil(() => enqueuedAt.size >= burst, {
          timeoutMs: 60_000,
          everyMs: 20,
        });
        const delays = [...enqueuedAt.values()].map((at) => at - due.getTime());
        const runs = await bench.db.pool.query<{ n: string; d: string }>(
          "select count(*)::text as n, count(distinct (schedule_id, due_at))::text as d from public.schedule_runs",
        );
        const p50 = percentile(delays, 50);
        const p99 = percentile(delays, 99);

        // Baseline: read every active schedule and evaluate it, once per tick.
        const t1 = performance.now();
        const rounds = 3;
        for (let i = 0; i < rounds; i++) {
          const { rows } = await data.asService("bench: naive scan", (tx) =>
            tx.query<ScheduleRow & { time_zone: string }>(
              `select ${scheduleColumns("s")}, c.time_zone from public.scheduled_tasks s
                 join public.customers c on c.id = s.customer_id where s.status = 'active'`,
            ),
          );
          const now = new Date();
          for (const s of rows)
            nextRun(cadenceOf(s), s.time_zone, new Date(now.getTime() - 60_000));
        }
        const naiveMsPerTick = (performance.now() - t1) / rounds;
        const naiveMsPerMin = naiveMsPerTick * 60;
        return {
          figure: `${num(schedules)} schedules: scans ${num(scanMsPerMin, 0)} ms/min (${num(scansPerMin, 0)} scans), process CPU ${num(cpuMsPerMin, 0)} ms/min; due → task start p50 ${num(p50)} ms, p99 ${num(p99)} ms for ${num(burst)} runs due in one second${done ? "" : " (not all started)"}`,
          baseline: `naive tick (read and evaluate every schedule): ${num(naiveMsPerTick, 0)} ms per tick, ${num(naiveMsPerMin, 0)} ms/min`,
          ratio: scanMsPerMin > 0 ? naiveMsPerMin / scanMsPerMin : null,
          ratioMeaning: "× less scan time than the naive tick",
          pass: done && p99 <= 2_000 && runs.rows[0]!.n === runs.rows[0]!.d,
          metrics: {
            schedules,
            scansPerMin,
            scanMsPerMin,
            scanP50Ms: percentile(scans, 50),
            cpuMsPerMin,
            burst,
            started: enqueuedAt.size,
            delayP50Ms: p50,
            delayP99Ms: p99,
            runs: Number(runs.rows[0]!.n),
            distinctRuns: Number(runs.rows[0]!.d),
            naiveMsPerTick,
          },
          notes: [
            `database ${bench.describe}, BullMQ on ${process.env.REDIS_URL ? "Redis" : "Postgres"}; one worker process, scan every 1 s`,
            "task start = run recorded, knight task written and its job added (the knight itself then starts as any queued task)",
          ],
        };
      } finally {
        await scheduler.close();
      }
    } finally {
      await obliterateQueues(queues);
      await queues.close();
      await bench.close();
    }
  },
};
