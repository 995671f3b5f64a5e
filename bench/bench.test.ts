/**
 * Every benchmark row in quick mode, so a change that breaks the harness (or
 * makes a figure nonsense) fails `npm test`. These check what the rows
 * measure, not how fast this machine is: timing targets are for
 * `npm run bench`.
 */
import { describe, expect, it } from "vitest";
import type { RowResult } from "./report.ts";
import { formatMarkdown, formatTable } from "./report.ts";
import { ROWS } from "./rows/index.ts";

const results = new Map<string, RowResult>();

async function quick(id: string) {
  const row = ROWS.find((r) => r.id === id)!;
  const result = await row.run({ mode: "quick", log: () => {} });
  const full: RowResult = { id, name: row.name, target: row.target, seconds: 0, ...result };
  results.set(id, full);
  expect(full.figure).not.toMatch(/NaN|undefined/);
  expect(full.baseline).not.toMatch(/NaN|undefined/);
  // biome-ignore lint/suspicious/noExplicitAny: each row's metrics have their own shape
  return full.metrics as Record<string, any>;
}

describe("the benchmark rows in quick mode", { timeout: 180_000 }, () => {
  it("webhook ingest: every accepted update is handled, none fails, the baseline ran", async () => {
    const m = await quick("webhook");
    expect(m.accepted).toBeGreaterThan(0);
    expect(m.errors).toBe(0);
    expect(m.handled).toBeGreaterThanOrEqual(m.accepted);
    expect(m.drainSeconds).not.toBeNull();
    expect((m.baseline as { ok: number; errors: number }).ok).toBeGreaterThan(0);
    expect((m.baseline as { ok: number; errors: number }).errors).toBe(0);
  });

  it("broadcast: every chat gets the message once, never faster than Telegram allows; the loop hits 429s", async () => {
    const m = await quick("broadcast");
    expect(m.lost).toBe(0);
    expect(m.unhandled).toBe(0);
    expect(m.duplicates).toBe(0);
    expect(m.perSecond).toBeGreaterThan(0);
    expect(m.perSecond).toBeLessThanOrEqual(30 * 1.05);
    const baseline = m.baseline as { tooMany: number; lost: number };
    expect(baseline.tooMany).toBeGreaterThan(0);
    expect(baseline.lost).toBe(baseline.tooMany);
  });

  it("knight overhead: per-step figures from every step of a finished task", async () => {
    const m = await quick("knight-overhead");
    expect(m.samples).toBeGreaterThanOrEqual(10);
    expect(m.overheadP99Ms).toBeGreaterThanOrEqual(m.overheadP50Ms);
    expect(m.stepP50Ms).toBeGreaterThan(m.overheadP50Ms);
    expect(m.bareStepP50Ms).toBeGreaterThan(0);
  });

  it("knight concurrency: knights keep stepping, never faster than the latencies allow", async () => {
    const m = await quick("knight-concurrency");
    expect(m.stillRunning).toBe(m.knights);
    expect(m.stepsPerSecond).toBeGreaterThan(0);
    // Never faster than the latencies allow: a short quick window may count at most one step
    // per knight beyond the ideal (a step that straddles the window's start).
    const window = m.windowSeconds as number;
    expect(m.stepsPerSecond * window).toBeLessThanOrEqual(
      (m.idealStepsPerSecond as number) * window + (m.knights as number),
    );
    expect(Number.isFinite(m.rssPerKnightMb)).toBe(true);
  });

  it("live view: more viewers cost Orgo nothing more, unchanged screens send nothing, a change reaches all", async () => {
    const m = await quick("live-view");
    const one = m.one as { screenshots: number; unchangedFrameBytes: number };
    const many = m.many as {
      screenshots: number;
      unchangedFrameBytes: number;
      changeReached: number;
    };
    expect(one.screenshots).toBeGreaterThan(0);
    expect(Math.abs(many.screenshots - one.screenshots)).toBeLessThanOrEqual(2);
    expect(one.unchangedFrameBytes + many.unchangedFrameBytes).toBe(0);
    expect(many.changeReached).toBe(m.viewers);
    expect((m.naive as { screenshots: number }).screenshots).toBeGreaterThan(many.screenshots);
  });

  it("takeover: every person's action comes back with a new screen, no errors", async () => {
    const m = await quick("takeover");
    expect(m.errors).toBe(0);
    expect(m.actions).toBeGreaterThan(m.people);
    expect(m.p99Ms).toBeGreaterThanOrEqual(m.p50Ms);
    expect(m.bareP50Ms).toBeGreaterThan(0);
  });

  it("context growth: tokens per step measured, the unbounded baseline larger", async () => {
    const m = await quick("context");
    const bounded = m.checkpoints as Record<string, number>;
    const unbounded = m.unbounded as Record<string, number>;
    expect(bounded["1"]).toBeGreaterThan(0);
    expect(bounded["5"]).toBeGreaterThan(bounded["1"]!);
    expect(unbounded["20"]).toBeGreaterThan(bounded["20"]!);
  });

  it("cold start: a fresh npm start reaches /readyz, slower than a bare server", async () => {
    const m = await quick("cold-start");
    const first = m.firstStartMs as number[];
    expect(first).toHaveLength(1);
    expect(first[0]).toBeGreaterThan((m.baselineMs as number[])[0]!);
  });

  it("scheduler: every run of the burst started once, the scan ticked, the naive tick ran", async () => {
    const m = await quick("scheduler");
    expect(m.started).toBe(m.burst);
    expect(m.runs).toBe(m.burst);
    expect(m.distinctRuns).toBe(m.runs);
    expect(m.scansPerMin).toBeGreaterThan(0);
    expect(m.delayP99Ms).toBeGreaterThanOrEqual(m.delayP50Ms);
    expect(m.naiveMsPerTick).toBeGreaterThan(0);
  });

  it("model cost: priced per step, caching reads most input, both baselines cost more", async () => {
    const m = await quick("model-cost");
    const ours = m.checkpoints as Record<string, { micros: number; read: number }>;
    const reference = m.reference as Record<string, { micros: number; read: number }>;
    const uncached = m.uncached as Record<string, { micros: number; read: number }>;
    expect(ours["5"]!.micros).toBeGreaterThan(0);
    expect(ours["10"]!.read).toBeGreaterThan(0);
    expect(uncached["10"]!.read).toBe(0);
    expect(reference["10"]!.read).toBe(0);
    expect(ours["10"]!.micros).toBeLessThan(reference["10"]!.micros);
    expect(m.cacheReadShareFrom5).toBeGreaterThan(0.5);
  }, 400_000);

  it("model calls: batches do the same actions in fewer calls and less time", async () => {
    const m = await quick("model-calls");
    const baseline = m.baseline as { calls: number; actions: number; seconds: number };
    expect(m.actions).toBe(baseline.actions);
    expect(m.calls).toBeLessThan(baseline.calls);
    expect(baseline.calls).toBe(baseline.actions + 1);
    expect(m.seconds).toBeGreaterThan(0);
  }, 300_000);

  it("reply latency: every command of the steady stream answered, both ways, no errors", async () => {
    const m = await quick("reply-latency");
    expect(m.updates).toBeGreaterThan(0);
    expect(m.answered).toBe(m.updates);
    expect(m.errors).toBe(0);
    expect(m.p99Ms).toBeGreaterThanOrEqual(m.p50Ms);
    const baseline = m.baseline as { updates: number; answered: number; errors: number };
    expect(baseline.answered).toBe(baseline.updates);
    expect(baseline.errors).toBe(0);
  }, 400_000);

  it("vm minutes: every session billed, none past idle timeout + one reaper interval, none left running", async () => {
    const m = await quick("vm-minutes");
    expect(m.sessions).toBe(m.tasks);
    expect(m.active).toBeGreaterThan(0);
    expect(m.billed).toBeGreaterThanOrEqual(Math.floor(m.active));
    expect(m.worstTailMinutes).toBeLessThanOrEqual(m.boundMinutes);
    expect(m.stillRunning).toBe(0);
    expect(m.reaperOnly).toBeGreaterThan(m.billed);
  }, 300_000);

  it("prints one table with a line per row", () => {
    const rows = [...results.values()];
    expect(formatTable(rows).split("\n")).toHaveLength(rows.length + 2);
    expect(formatMarkdown(rows).split("\n")).toHaveLength(rows.length + 2);
  });
});
