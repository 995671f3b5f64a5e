/**
 * Cold start: `npm start` (everything in one process on the embedded
 * defaults, sandboxes for every service) with a fresh DATA_DIR and PORT,
 * timed from spawning it to `/readyz` answering 200. A first start creates
 * and migrates the embedded database and seeds the demo; a second start on
 * the same DATA_DIR is reported too. Baseline: the smallest Hono server on
 * the same runtime (Node + tsx) reaching the same answer.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Child, freePort, spawnChild, spawnScript, waitForStatus } from "../processes.ts";
import { num, type Row } from "../report.ts";
import { percentile } from "../stats.ts";

const settings = { full: { runs: 3 }, quick: { runs: 1 } };

/** The environment of a machine with nothing configured: no database, queue or service keys. */
function bareEnv(extra: Record<string, string>): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const key of Object.keys(process.env))
    if (
      /^(DATABASE_URL|REDIS_URL|PUBLIC_URL|APP_SECRET|TELEGRAM_|ANTHROPIC_|OPENAI_|ORGO_|STRIPE_|SUPABASE_)/.test(
        key,
      )
    )
      env[key] = undefined;
  return { ...env, LOG_LEVEL: "info", ...extra };
}

/** Milestones of the product's start-up log (ms after spawning): its own log lines say when. */
const MILESTONES = { listening: "listening", "database ready": "database" } as const;
type Phases = Partial<Record<(typeof MILESTONES)[keyof typeof MILESTONES], number>>;

function phases(output: string, spawnedAt: number): Phases {
  const found: Phases = {};
  for (const line of output.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const entry = JSON.parse(line) as { msg?: string; time?: number };
      const name = MILESTONES[entry.msg as keyof typeof MILESTONES];
      if (name && entry.time && found[name] === undefined) found[name] = entry.time - spawnedAt;
    } catch {
      // Not a log line.
    }
  }
  return found;
}

/** Spawns a start command and times it to /readyz = 200 (ms), with the log's milestones. */
async function timeToReady(start: (port: number) => Child) {
  const port = await freePort();
  const spawnedAt = Date.now();
  const started = performance.now();
  const child = start(port);
  try {
    await waitForStatus(`http://127.0.0.1:${port}/readyz`, {
      timeoutMs: 120_000,
      everyMs: 10,
    }).catch((error) => {
      throw new Error(`${(error as Error).message}\n${child.output()}`);
    });
    return { ms: performance.now() - started, phases: phases(child.output(), spawnedAt) };
  } finally {
    await child.stop();
  }
}

export const coldStartRow: Row = {
  id: "cold-start",
  name: "cold start",
  target: "`npm start` to /readyz = 200 ≤ 6× a bare Hono server's start (same run)",
  async run(ctx) {
    const { runs } = settings[ctx.mode];
    const first: number[] = [];
    const second: number[] = [];
    const firstPhases: Phases[] = [];
    const npm = process.env.npm_execpath ? process.execPath : "npm";
    const npmArgs = process.env.npm_execpath ? [process.env.npm_execpath, "start"] : ["start"];
    for (let i = 0; i < runs; i++) {
      const dataDir = await mkdtemp(join(tmpdir(), "mouse-cold-"));
      try {
        const start = (port: number) =>
          spawnChild(npm, npmArgs, { env: bareEnv({ DATA_DIR: dataDir, PORT: String(port) }) });
        const cold = await timeToReady(start);
        first.push(cold.ms);
        firstPhases.push(cold.phases);
        if (ctx.mode === "full") second.push((await timeToReady(start)).ms);
        ctx.log(`cold start: run ${i + 1}: ${num(first.at(-1)!)} ms`);
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    }
    const base: number[] = [];
    for (let i = 0; i < runs; i++)
      base.push(
        (
          await timeToReady((port) =>
            spawnScript("bench/targets/hello-server.ts", [], { env: { PORT: String(port) } }),
          )
        ).ms,
      );
    const median = percentile(first, 50);
    const baseMedian = percentile(base, 50);
    const phase = (name: keyof Phases) =>
      percentile(
        firstPhases.map((p) => p[name] ?? Number.NaN),
        50,
      );
    const at = { listening: phase("listening"), database: phase("database"), ready: median };
    return {
      figure: `${num(median / 1000, 2)} s first start (fresh DATA_DIR)${second.length ? `, ${num(percentile(second, 50) / 1000, 2)} s again on the same DATA_DIR` : ""} (median of ${runs})`,
      baseline: `bare Hono on node+tsx: ${num(baseMedian / 1000, 2)} s`,
      ratio: median / baseMedian,
      ratioMeaning: "× bare server start",
      pass: median <= 6 * baseMedian,
      metrics: {
        firstStartMs: first,
        secondStartMs: second,
        baselineMs: base,
        firstStartPhasesMs: firstPhases,
      },
      notes: [
        `where a first start goes (median): ${num(at.listening / 1000, 2)} s until the HTTP server listens (npm, Node, loading the modules; the database opens in its own thread meanwhile), ${num((at.database - at.listening) / 1000, 2)} s until the database is open, migrated and seeded, ${num((at.ready - at.database) / 1000, 2)} s for the rest until /readyz (demo seed, queues, knights, bot, workers)`,
      ],
    };
  },
};
