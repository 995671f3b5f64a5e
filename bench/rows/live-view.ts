/**
 * Live-view fan-out: 1 and then 100 viewers of one VM through the
 * dashboard's live view (`createLiveView`, one poller lease per VM shared in
 * Postgres) and its SSE sink, against the Orgo sandbox. The screen stays
 * unchanged for a window, then changes once. Figures: Orgo screenshot calls
 * with 100 viewers over those with 1 (target 1.0), and the bytes written to
 * the viewers' streams for unchanged frames (target ≈ 0); the one change must
 * reach every viewer. Baseline: one poller per viewer (screenshot every
 * interval, send whatever came back).
 */
import type { SSEStreamingApi } from "hono/streaming";
import { createOrgoClient, type OrgoClient } from "../../agents/orgo/index.ts";
import { createLiveView } from "../../dashboard/index.ts";
import { createSseSink } from "../../dashboard/live/sse.ts";
import { createData, type Data } from "../../db/index.ts";
import { createLogger } from "../../observability/index.ts";
import { type RunningOrgoSandbox, startOrgoSandbox } from "../../sandbox/orgo/index.ts";
import { openBenchDatabase } from "../database.ts";
import { num, type Row } from "../report.ts";
import { sleep, waitUntil } from "../stats.ts";

const WORKSPACE = "00000000-0000-4000-8000-0000000be0c2";
const INTERVAL_MS = 1_000;
const settings = { full: { viewers: 100, unchangedS: 20 }, quick: { viewers: 10, unchangedS: 3 } };

/** An SSE stream that only counts what would be written to the browser. */
function countingStream() {
  const counts = { frames: 0, frameBytes: 0, bytes: 0 };
  const stream = {
    aborted: false,
    closed: false,
    async writeSSE(message: { event?: string; id?: string; data: string }) {
      const size = Buffer.byteLength(
        `event: ${message.event ?? ""}\n${message.id ? `id: ${message.id}\n` : ""}data: ${message.data}\n\n`,
      );
      counts.bytes += size;
      if (message.event === "frame") {
        counts.frames++;
        counts.frameBytes += size;
      }
    },
  };
  return { stream: stream as unknown as SSEStreamingApi, counts };
}

type Fixture = {
  data: Data;
  vmId: string;
  customerId: string;
  userIds: string[];
  computerId: string;
};

async function seed(data: Data, orgo: OrgoClient, viewers: number): Promise<Fixture> {
  const computer = await orgo.createComputer({ name: "bench-live-view" });
  await orgo.waitForStatus(computer.id, ["running"], { pollMs: 10 });
  return data.asService("bench: live view fixture", async (tx) => {
    const { rows: c } = await tx.query<{ id: string }>(
      "insert into public.customers (name, plan) values ('Live view bench', 'team') returning id",
    );
    const customerId = c[0]!.id;
    const { rows: users } = await tx.query<{ id: string }>(
      "insert into public.users (display_name) select 'Viewer ' || g from generate_series(1, $1) g returning id",
      [viewers],
    );
    await tx.query(
      "insert into public.memberships (user_id, customer_id, role) select unnest($1::uuid[]), $2, 'viewer'",
      [users.map((u) => u.id), customerId],
    );
    const { rows: e } = await tx.query<{ id: string }>(
      "insert into public.employees (customer_id, name, role_template) values ($1, 'Ada', 'ops_assistant') returning id",
      [customerId],
    );
    const { rows: v } = await tx.query<{ id: string }>(
      `insert into public.vms (customer_id, employee_id, provider_id, status, started_at)
       values ($1, $2, $3, 'running', now()) returning id`,
      [customerId, e[0]!.id, computer.id],
    );
    return {
      data,
      vmId: v[0]!.id,
      customerId,
      userIds: users.map((u) => u.id),
      computerId: computer.id,
    };
  });
}

type Phase = {
  screenshots: number;
  unchangedFrameBytes: number;
  changeReached: number;
  bytesPerFrame: number;
};

/** Watches with `viewers` streams: the screen unchanged for `seconds`, then changed once. */
async function watchPhase(
  f: Fixture,
  orgo: RunningOrgoSandbox,
  client: OrgoClient,
  db: import("pg").Pool,
  viewers: number,
  seconds: number,
): Promise<Phase> {
  const live = createLiveView({
    data: f.data,
    orgo: client,
    logger: createLogger({ level: "silent" }),
    pool: db,
    options: { pollIntervalMs: INTERVAL_MS },
  });
  live.start();
  const streams = Array.from({ length: viewers }, () => countingStream());
  const before = orgo.sandbox.inspect.screenshotCount(f.computerId);
  const watching = await Promise.all(
    streams.map((s, i) =>
      live.watch(
        { vmId: f.vmId, customerId: f.customerId, userId: f.userIds[i % f.userIds.length]! },
        createSseSink(s.stream).sink,
      ),
    ),
  );
  try {
    // Everybody has the current screen; from here on it does not change.
    await waitUntil(() => streams.every((s) => s.counts.frames >= 1), {
      timeoutMs: 30_000,
      everyMs: 50,
    });
    const settled = streams.map((s) => s.counts.frameBytes);
    const bytesPerFrame = settled[0]!;
    await sleep(seconds * 1_000);
    const unchangedFrameBytes = streams.reduce(
      (n, s, i) => n + s.counts.frameBytes - settled[i]!,
      0,
    );
    const framesBefore = streams.map((s) => s.counts.frames);
    await client.type(f.computerId, "the screen changes once");
    await waitUntil(() => streams.every((s, i) => s.counts.frames > framesBefore[i]!), {
      timeoutMs: 10 * INTERVAL_MS,
      everyMs: 50,
    });
    const changeReached = streams.filter((s, i) => s.counts.frames > framesBefore[i]!).length;
    return {
      screenshots: orgo.sandbox.inspect.screenshotCount(f.computerId) - before,
      unchangedFrameBytes,
      changeReached,
      bytesPerFrame,
    };
  } finally {
    await Promise.all(watching.map((w) => w.close()));
    await live.stop();
  }
}

/** The naive design: each viewer polls Orgo itself and forwards every screenshot. */
async function naivePhase(
  f: Fixture,
  orgo: RunningOrgoSandbox,
  client: OrgoClient,
  viewers: number,
  seconds: number,
) {
  const before = orgo.sandbox.inspect.screenshotCount(f.computerId);
  let bytes = 0;
  let stop = false;
  const pollers = Array.from({ length: viewers }, async () => {
    while (!stop) {
      const started = Date.now();
      const shot = await client.screenshot(f.computerId);
      bytes += Buffer.byteLength(`event: frame\ndata: ${shot.bytes.toString("base64")}\n\n`);
      await sleep(Math.max(0, INTERVAL_MS - (Date.now() - started)));
    }
  });
  await sleep(seconds * 1_000);
  stop = true;
  await Promise.all(pollers);
  return { screenshots: orgo.sandbox.inspect.screenshotCount(f.computerId) - before, bytes };
}

export const liveViewRow: Row = {
  id: "live-view",
  name: "live-view fan-out",
  target: "screenshot calls 100 vs 1 viewers = 1.0; ≈ 0 bytes for unchanged frames",
  async run(ctx) {
    const { viewers, unchangedS } = settings[ctx.mode];
    const database = await openBenchDatabase({ queue: false });
    const orgo = await startOrgoSandbox({ workspaces: [{ id: WORKSPACE, name: "bench" }] });
    try {
      const client = createOrgoClient({
        apiKey: "sk_sandbox",
        baseUrl: orgo.baseUrl,
        workspaceId: WORKSPACE,
      });
      const f = await seed(createData(database.db), client, viewers);
      ctx.log(`live view: 1 viewer for ${unchangedS} s`);
      const one = await watchPhase(f, orgo, client, database.db.pool, 1, unchangedS);
      ctx.log(`live view: ${viewers} viewers for ${unchangedS} s`);
      const many = await watchPhase(f, orgo, client, database.db.pool, viewers, unchangedS);
      ctx.log(`live view: baseline, ${viewers} pollers`);
      const naive = await naivePhase(f, orgo, client, viewers, unchangedS);
      const ratio = many.screenshots / Math.max(1, one.screenshots);
      const unchanged = one.unchangedFrameBytes + many.unchangedFrameBytes;
      return {
        figure: `Orgo screenshots ${num(one.screenshots)} with 1 viewer, ${num(many.screenshots)} with ${viewers} (ratio ${num(ratio, 2)}); ${num(unchanged)} bytes sent for unchanged frames; the one change reached ${many.changeReached}/${viewers}`,
        baseline: `one poller per viewer: ${num(naive.screenshots)} screenshots, ${num(naive.bytes / 2 ** 20, 1)} MB sent for the same unchanged screen`,
        ratio,
        ratioMeaning: `screenshots ${viewers} : 1 viewers`,
        pass: Math.abs(ratio - 1) <= 0.15 && unchanged === 0 && many.changeReached === viewers,
        metrics: {
          one,
          many,
          naive,
          viewers,
          unchangedSeconds: unchangedS,
          pollIntervalMs: INTERVAL_MS,
          database: database.describe,
        },
        notes: [
          `poll interval ${INTERVAL_MS} ms (the default); ${num(unchangedS)} s with an unchanged screen, then one change; a frame is ${num(many.bytesPerFrame / 1024, 1)} KiB as SSE; ${database.describe}`,
        ],
      };
    } finally {
      await orgo.close();
      await database.close();
    }
  },
};
