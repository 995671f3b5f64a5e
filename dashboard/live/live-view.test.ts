/**
 * The live view against the Orgo sandbox: one poller per VM however many
 * browsers and web processes watch, no screenshots when nobody watches,
 * changed screens pushed once and unchanged ones never again, knights' own
 * frames shown with their step, and viewing never counted as VM activity.
 */
import { createHash } from "node:crypto";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createPgNotifyFramePublisher,
  createPostgresFrameStore,
} from "../../agents/knights/frames.ts";
import { hiddenScreenPng } from "../../agents/knights/hidden-screen.ts";
import { createOrgoClient, type OrgoClient } from "../../agents/orgo/client.ts";
import { createLogger } from "../../observability/index.ts";
import { type RunningOrgoSandbox, startOrgoSandbox } from "../../sandbox/orgo/index.ts";
import { databaseBackends } from "../../testing/index.ts";
import { startWebHarness, type WebHarness } from "../test-support.ts";
import type { LiveEvent } from "./events.ts";
import { createLiveView, type LiveView } from "./live-view.ts";
import { readSse } from "./sse-reader.ts";
import { storeFrame } from "./store.ts";

const WORKSPACE = "00000000-0000-4000-8000-0000000000c1";
const logger = createLogger({ level: process.env.TEST_LOG ?? "silent" });

describe.each(databaseBackends())("live view (%s)", (backend) => {
  let orgo: RunningOrgoSandbox;
  let client: OrgoClient;
  let h: WebHarness;
  let computerId: string;
  let vmId: string;
  let livePath: string;
  const extra: LiveView[] = [];

  const shots = () => orgo.sandbox.inspect.screenshotCount(computerId);
  const ticks = async (view: LiveView, n: number) => {
    for (let i = 0; i < n; i++) await view.tick();
  };
  const presence = async () =>
    Number(
      (await h.db.pool.query("select count(*) from public.live_viewers where vm_id = $1", [vmId]))
        .rows[0].count,
    );
  /** As if every process that polled so far had died long ago: their leases are up for grabs. */
  const expireLeases = () =>
    h.db.pool.query("update public.live_pollers set expires_at = now() - interval '1 second'");
  const viewOn = (processId: string, options = {}, listen = false) => {
    const view = createLiveView({
      data: h.data,
      orgo: client,
      logger,
      processId,
      ...(listen ? { pool: h.db.pool } : {}),
      options: { pollIntervalMs: 0, ...options },
    });
    extra.push(view);
    return view;
  };

  beforeAll(async () => {
    orgo = await startOrgoSandbox({ workspaces: [{ id: WORKSPACE, name: "mouse" }] });
    client = createOrgoClient({
      apiKey: "sk_sandbox",
      baseUrl: orgo.baseUrl,
      workspaceId: WORKSPACE,
    });
    computerId = (await client.createComputer({ name: "knight-live" })).id;
    await client.waitForStatus(computerId, ["running"], { pollMs: 10 });
    // Manual ticks: the tests drive every round themselves.
    h = await startWebHarness({
      backend,
      live: (data) =>
        createLiveView({
          data,
          orgo: client,
          logger,
          processId: "test-web",
          options: { pollIntervalMs: 0 },
        }),
    });
    vmId = h.f.rows.vms.A![0]!;
    // Start from a VM nobody watches: no presence, lease or frame from the seed.
    for (const table of ["live_viewers", "live_pollers", "live_frames"]) {
      await h.db.pool.query(`delete from public.${table}`);
    }
    await h.db.pool.query(
      "update public.vms set provider_id = $2, last_activity_at = null where id = $1",
      [vmId, computerId],
    );
    livePath = `/c/${h.f.ids.A}/employees/${h.f.refs.A.employee}/live`;
  });
  afterAll(async () => {
    await Promise.allSettled(extra.map((v) => v.stop()));
    await h?.close();
    await orgo?.close();
  });

  /** Opens `n` browser streams of A's employee and waits until each is registered. */
  const openStreams = async (n: number) => {
    const viewer = await h.as("customerViewer");
    const streams = await Promise.all(
      Array.from({ length: n }, async () => {
        const stream = readSse(await viewer.get(livePath));
        await stream.next("step");
        return stream;
      }),
    );
    return streams;
  };

  it("costs Orgo one screenshot per round whether 1 or 100 browsers watch", async () => {
    const one = await openStreams(1);
    expect(await presence()).toBe(1);
    let before = shots();
    await ticks(h.live!, 10);
    const withOne = shots() - before;
    const first = JSON.parse((await one[0]!.next("frame")).data);
    expect(first).toMatchObject({
      source: "poll",
      contentType: "image/png",
      width: 1280,
      height: 720,
    });
    await Promise.all(one.map((s) => s.close()));

    const hundred = await openStreams(100);
    expect(await presence()).toBeGreaterThanOrEqual(100);
    before = shots();
    await ticks(h.live!, 10);
    const withHundred = shots() - before;

    expect(withOne).toBe(10);
    expect(withHundred).toBe(withOne);
    // Every browser got the screen, with the image inline and its hash as the event id.
    const frames = await Promise.all(hundred.map((s) => s.next("frame")));
    expect(new Set(frames.map((f) => f.id))).toEqual(new Set([first.sha256]));
    expect(Buffer.from(JSON.parse(frames[0]!.data).data, "base64").subarray(1, 4).toString()).toBe(
      "PNG",
    );
    await Promise.all(hundred.map((s) => s.close()));
    await vi.waitFor(async () => expect(await presence()).toBe(0), { timeout: 10_000 });
  });

  it("takes no screenshots while nobody watches, even with stale presence rows", async () => {
    await h.db.pool.query(
      `insert into public.live_viewers (viewer_id, vm_id, customer_id, process, expires_at)
       values ('dead-process-viewer', $1, $2, 'dead', now() - interval '1 second')`,
      [vmId, h.f.ids.A],
    );
    const before = shots();
    await ticks(h.live!, 5);
    expect(shots() - before).toBe(0);
  });

  it("lets only one of several web processes poll a VM, and hands over when it stops", async () => {
    await expireLeases();
    const a = viewOn("web-a");
    const b = viewOn("web-b");
    const seenA: LiveEvent[] = [];
    const seenB: LiveEvent[] = [];
    const target = { vmId, customerId: h.f.ids.A, userId: h.f.users.customerOwner };
    const wa = await a.watch(target, (e) => seenA.push(e));
    const wb = await b.watch(target, (e) => seenB.push(e));
    const before = shots();
    for (let i = 0; i < 6; i++) {
      await a.tick();
      await b.tick();
    }
    expect(shots() - before).toBe(6);
    expect(a.stats().screenshots + b.stats().screenshots).toBe(6);
    const holder = a.stats().screenshots === 6 ? a : b;
    const other = holder === a ? b : a;
    await holder.stop();
    const handedOver = shots();
    await ticks(other, 3);
    expect(shots() - handedOver).toBe(3);
    // Both processes showed the same screen to their own viewers.
    const sha = (events: LiveEvent[]) =>
      events
        .filter((e) => e.type === "frame")
        .map((e) => (e.type === "frame" ? e.frame.sha256 : ""));
    expect(sha(seenA).at(-1)).toBe(sha(seenB).at(0) ?? sha(seenA).at(-1));
    await wa.close();
    await wb.close();
    await other.stop();
  });

  it("shows a placeholder and takes no screenshot while a knight types a secret that shows", async () => {
    await expireLeases();
    const view = viewOn("web-hidden");
    const events: LiveEvent[] = [];
    const watching = await view.watch(
      { vmId, customerId: h.f.ids.A, userId: h.f.users.customerOwner },
      (e) => events.push(e),
    );
    const frames = () =>
      events.flatMap((e) => (e.type === "frame" ? [Buffer.from(e.frame.data, "base64")] : []));
    await ticks(view, 2);
    const screen = frames().at(-1)!;
    // The knight hides the screen before typing (what `hideScreen` does).
    await h.db.pool.query(
      "update public.vms set screen_hidden_until = now() + interval '1 minute' where id = $1",
      [vmId],
    );
    await client.type(computerId, "shown-in-clear");
    const before = shots();
    await ticks(view, 3);
    expect(shots() - before).toBe(0);
    expect(
      frames()
        .at(-1)!
        .equals(hiddenScreenPng({ width: 1280, height: 720 })),
    ).toBe(true);
    // A screenshot taken before the screen was hidden, stored after: never shown.
    const stale = await client.screenshot(computerId);
    const stored = await storeFrame(h.data, {
      vmId,
      customerId: h.f.ids.A,
      sha256: createHash("sha256").update(stale.bytes).digest("hex"),
      contentType: stale.contentType,
      width: stale.width,
      height: stale.height,
      bytes: stale.bytes,
      source: "poll",
      frameId: null,
      taskId: null,
      seq: null,
    });
    expect(stored).toBe(false);
    // Shown again: the screen comes back.
    await h.db.pool.query("update public.vms set screen_hidden_until = null where id = $1", [vmId]);
    await ticks(view, 2);
    expect(frames().at(-1)!.equals(screen)).toBe(false);
    expect(
      frames()
        .at(-1)!
        .equals(hiddenScreenPng({ width: 1280, height: 720 })),
    ).toBe(false);
    await watching.close();
    await view.stop();
  });

  it("pushes a changed screen once and never resends an unchanged one", async () => {
    await expireLeases();
    const view = viewOn("web-c");
    const events: LiveEvent[] = [];
    const watching = await view.watch(
      { vmId, customerId: h.f.ids.A, userId: h.f.users.customerOwner },
      (e) => events.push(e),
    );
    const frames = () => events.filter((e) => e.type === "frame");
    await ticks(view, 4);
    expect(frames()).toHaveLength(1);
    await client.type(computerId, "Hello from the knight");
    await ticks(view, 3);
    expect(frames()).toHaveLength(2);
    const [a, b] = frames().map((e) => (e.type === "frame" ? e.frame.sha256 : ""));
    expect(a).not.toBe(b);
    expect(orgo.sandbox.inspect.screen(computerId).text).toContain("Hello from the knight");
    await watching.close();
    await view.stop();
  });

  it("shows a knight's own frame with the step it follows, announced through Postgres", async () => {
    const view = viewOn("web-d", { pollIntervalMs: 60_000 }, true);
    const events: LiveEvent[] = [];
    view.start();
    const watching = await view.watch(
      { vmId, customerId: h.f.ids.A, userId: h.f.users.customerOwner },
      (e) => events.push(e),
    );
    // The knight's screenshot: a screen the poller has not seen.
    const png = new PNG({ width: 64, height: 36 });
    png.data.fill(0x7f);
    const bytes = PNG.sync.write(png);
    const { taskId } = await h.data.asService("test: knight work", async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `insert into public.tasks (customer_id, employee_id, request, status, step_count)
         values ($1, $2, 'Post the weekly specials', 'running', 3) returning id`,
        [h.f.ids.A, h.f.refs.A.employee],
      );
      await tx.query(
        `insert into public.task_steps (customer_id, task_id, seq, action, status)
         values ($1, $2, 3, 'type', 'done')`,
        [h.f.ids.A, rows[0]!.id],
      );
      return { taskId: rows[0]!.id };
    });
    const stored = await createPostgresFrameStore(h.data).put({
      customerId: h.f.ids.A,
      taskId,
      vmId,
      bytes,
      contentType: "image/png",
      width: 1280,
      height: 720,
    });
    // A moment for LISTEN to be in place before the knight announces.
    await vi.waitFor(
      async () => {
        await createPgNotifyFramePublisher(h.data).publish({
          frameId: stored.id,
          customerId: h.f.ids.A,
          taskId,
          employeeId: h.f.refs.A.employee,
          vmId,
          seq: 3,
          contentType: "image/png",
          width: 1280,
          height: 720,
          at: new Date(),
        });
        expect(events.some((e) => e.type === "frame" && e.frame.source === "knight")).toBe(true);
      },
      { timeout: 10_000, interval: 300 },
    );
    const frame = events.find((e) => e.type === "frame" && e.frame.source === "knight");
    expect(frame).toMatchObject({ frame: { seq: 3, taskId } });
    const step = events.filter((e) => e.type === "step").at(-1);
    expect(step).toMatchObject({
      step: {
        taskId,
        request: "Post the weekly specials",
        status: "running",
        seq: 3,
        action: "type",
      },
    });
    await watching.close();
    await view.stop();
  });

  it("with timers running in two processes, 100 viewers poll no faster than one", async () => {
    await expireLeases();
    const interval = 100;
    const [p1, p2] = [
      viewOn("timer-1", { pollIntervalMs: interval }),
      viewOn("timer-2", { pollIntervalMs: interval }),
    ];
    const target = { vmId, customerId: h.f.ids.A, userId: h.f.users.customerOwner };
    const window = async (ms: number) => {
      const before = shots();
      await new Promise((r) => setTimeout(r, ms));
      return shots() - before;
    };
    const first = await p1.watch(target, () => {});
    p1.start();
    p2.start();
    await window(300);
    const withOne = await window(1_500);
    const many = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 ? p1 : p2).watch(target, () => {})),
    );
    await window(300);
    const withHundred = await window(1_500);
    await Promise.all([first, ...many].map((w) => w.close()));
    await p1.stop();
    await p2.stop();
    if (process.env.TEST_LOG)
      logger.info({ withOne, withHundred, interval }, "screenshots in 1.5 s");
    // At most one screenshot per interval per VM, whoever watches from wherever.
    expect(withOne).toBeGreaterThan(0);
    expect(withOne).toBeLessThanOrEqual(1_500 / interval + 1);
    expect(withHundred).toBeGreaterThan(0);
    expect(withHundred).toBeLessThanOrEqual(1_500 / interval + 1);
  });

  it("never counts viewing as VM activity", async () => {
    const { rows } = await h.db.pool.query(
      "select last_activity_at from public.vms where id = $1",
      [vmId],
    );
    expect(rows[0]?.last_activity_at).toBeNull();
  });

  it("tells the browser when the employee has no desktop yet", async () => {
    const viewer = await h.as("customerOwner");
    const res = await viewer.get(`/c/${h.f.ids.A}/employees/${h.f.refs.A.idleEmployee}/live`);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const stream = readSse(res);
    expect(JSON.parse((await stream.next("status")).data)).toEqual({ message: "No desktop yet" });
    await stream.close();
  });
});
