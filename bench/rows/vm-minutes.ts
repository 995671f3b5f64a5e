/**
 * VM minutes billed ÷ VM minutes with agent activity, over a simulated day:
 * tasks for new employees spread evenly over the day, run by the real
 * knight worker against the Orgo sandbox, with the reaper and the idle stop
 * at their production settings (idle timeout 10 min, reaper every 60 s).
 *
 * Time is compressed: one simulated minute is `msPerMinute` real
 * milliseconds, and every setting measured in minutes (idle timeout, help
 * wait, reaper interval, the model's think time that makes a task last
 * ~15 min) is scaled by it. The reaper compares with the database's now(),
 * which cannot be sped up, so the scale is applied to the settings instead.
 * Billing counts started minutes of a session; the row applies that rule to
 * each session's de-compressed length (the usage events themselves, in real
 * minutes, would read 1 minute per session at this scale).
 */
import { startKnightBench } from "../knights/setup.ts";
import { num, type Row } from "../report.ts";
import { waitUntil } from "../stats.ts";

const IDLE_MINUTES = 10;
const REAPER_MINUTES = 1;

const settings = {
  full: { tasks: 50, dayMinutes: 480, msPerMinute: 200, steps: 6, thinkMinutes: 2.5 },
  quick: { tasks: 6, dayMinutes: 60, msPerMinute: 100, steps: 4, thinkMinutes: 3.5 },
};

type Session = { vmId: string; startedAt: Date; stoppedAt: Date; lastFinish: Date | null };

export const vmMinutesRow: Row = {
  id: "vm-minutes",
  name: "VM minutes billed ÷ with agent activity",
  target: "≤ 1.1, no VM past idle timeout + one reaper interval",
  async run(ctx) {
    const s = settings[ctx.mode];
    const minute = s.msPerMinute;
    ctx.log(
      `vm minutes: ${s.tasks} tasks over ${s.dayMinutes} simulated minutes, 1 min = ${minute} ms`,
    );
    const bench = await startKnightBench({
      steps: s.steps,
      modelLatencyMs: Math.round(s.thinkMinutes * minute),
      orgoLatencyMs: 0,
      options: {
        idleStopMs: IDLE_MINUTES * minute,
        helpWaitMs: IDLE_MINUTES * minute,
        reaperEveryMs: REAPER_MINUTES * minute,
        replays: false,
      },
    });
    try {
      const began = Date.now();
      for (let i = 0; i < s.tasks; i++) {
        const at = began + ((i + 0.5) * s.dayMinutes * minute) / s.tasks;
        const wait = at - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        await bench.deploy(i);
      }
      const done = await waitUntil(
        async () => ((await bench.statuses()).succeeded ?? 0) === s.tasks,
        { timeoutMs: 120_000 + s.tasks * s.steps * s.thinkMinutes * minute, everyMs: 50 },
      );
      if (!done) throw new Error(`tasks did not finish: ${JSON.stringify(await bench.statuses())}`);
      // The backstop has had its chance: idle timeout plus one reaper interval.
      await new Promise((r) => setTimeout(r, (IDLE_MINUTES + REAPER_MINUTES) * minute));
      const { sessions, activityMs, running } = await bench.data.asService(
        "bench: vm minutes",
        async (tx) => {
          const { rows: sessions } = await tx.query<Session>(
            `select (u.detail->>'vmId') as "vmId", (u.detail->>'startedAt')::timestamptz as "startedAt",
                    (u.detail->>'stoppedAt')::timestamptz as "stoppedAt",
                    (select max(t.finished_at) from public.tasks t join public.vms v on v.employee_id = t.employee_id
                      where v.id = (u.detail->>'vmId')::uuid
                        and t.finished_at <= (u.detail->>'stoppedAt')::timestamptz) as "lastFinish"
               from public.usage_events u where u.kind = 'vm_minutes'`,
          );
          const { rows: activity } = await tx.query<{ ms: number }>(
            `select coalesce(sum(extract(epoch from finished_at - started_at) * 1000), 0)::float8 as ms
               from public.tasks where status = 'succeeded'`,
          );
          const { rows: open } = await tx.query<{ n: number }>(
            "select count(*)::int as n from public.vms where stopped_at is null and started_at is not null",
          );
          return { sessions, activityMs: activity[0]!.ms, running: open[0]!.n };
        },
      );
      const sessionMinutes = sessions.map(
        (x) => (x.stoppedAt.getTime() - x.startedAt.getTime()) / minute,
      );
      const billed = sessionMinutes.reduce((a, m) => a + Math.ceil(m), 0);
      const active = activityMs / minute;
      // What the reaper alone would bill at best: each session idles the full timeout first.
      const reaperOnly = sessionMinutes.reduce((a, m) => a + Math.ceil(m + IDLE_MINUTES), 0);
      const tails = sessions.map((x) =>
        x.lastFinish ? (x.stoppedAt.getTime() - x.lastFinish.getTime()) / minute : Infinity,
      );
      const worstTail = Math.max(0, ...tails);
      const ratio = billed / active;
      const bound = IDLE_MINUTES + REAPER_MINUTES;
      return {
        figure: `${num(billed)} VM min billed, ${num(active, 1)} min with agent activity, ${num(sessions.length)} sessions; longest run after a task ${num(worstTail, 2)} min`,
        baseline: `reaper alone (stop after ${IDLE_MINUTES} idle min), computed from the same sessions: ≥ ${num(reaperOnly)} min, ${num(reaperOnly / active, 2)}×`,
        ratio,
        ratioMeaning: "billed ÷ active minutes",
        pass: ratio <= 1.1 && worstTail <= bound && running === 0,
        metrics: {
          tasks: s.tasks,
          dayMinutes: s.dayMinutes,
          msPerMinute: minute,
          billed,
          active,
          sessions: sessions.length,
          worstTailMinutes: worstTail,
          boundMinutes: bound,
          stillRunning: running,
          reaperOnly,
        },
        notes: [
          `time compressed: 1 simulated minute = ${minute} ms; idle timeout ${IDLE_MINUTES} min and reaper every ${REAPER_MINUTES} min scaled alike (the reaper compares with the database's now(), so the settings are scaled, not the clock); ${s.tasks} tasks of ${s.steps} actions, the model thinking ${s.thinkMinutes} min per call, Orgo sandbox latency 0; billed = started minutes of each session's de-compressed length`,
        ],
      };
    } finally {
      await bench.close();
    }
  },
};
