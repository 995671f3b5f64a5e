/**
 * The live view: every web process runs one of these. Each keeps the streams
 * of its own browsers; everything shared lives in Postgres (see store.ts):
 *
 * - a browser watching a VM is a heartbeat row in `live_viewers`;
 * - each tick, a process takes or renews the lease of every watched VM nobody
 *   else holds and screenshots only those, at most once per interval per VM,
 *   so 1 or 100 viewers in any number of processes cost Orgo the same;
 *   nobody watching means no lease and no screenshots;
 * - a changed screen (new SHA-256) is written to `live_frames` and announced
 *   with NOTIFY `mouse_live`; processes with viewers of that VM load it once
 *   and push it to their streams; an unchanged screen is never sent again;
 * - knights' own screenshots (NOTIFY `mouse_frames`) are copied in the same
 *   way, with the step they follow.
 *
 * Viewing is not agent activity: nothing here writes `vms.last_activity_at`.
 */
import { createHash, randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { createPostgresFrameStore, type FrameEvent } from "../../agents/knights/frames.ts";
import { hiddenScreenPng } from "../../agents/knights/hidden-screen.ts";
import { type CurrentStep, currentStepsByVm } from "../../api/data/work.ts";
import type { LiveEvent } from "./events.ts";
import { listenForNotifications, type Notifications } from "./listener.ts";
import {
  claimDue,
  heartbeat,
  LIVE_CHANNEL,
  type LiveFrame,
  loadChangedFrames,
  type PollTarget,
  releaseLeases,
  removeViewers,
  storeFrame,
  sweepExpired,
  type Viewer,
} from "./store.ts";
import type { LiveSink, LiveView, LiveViewDeps } from "./types.ts";

export type {
  LiveView,
  LiveViewDeps,
  LiveViewOptions,
  ScreenSource,
  WatchTarget,
} from "./types.ts";

type VmState = {
  customerId: string;
  sinks: Map<string, { sink: LiveSink; viewer: Viewer }>;
  sha?: string;
  frame?: LiveEvent;
  stepJson?: string;
  step?: LiveEvent;
};

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** Creates this process's live view. */
export function createLiveView(deps: LiveViewDeps): LiveView {
  const { data, orgo, logger } = deps;
  const interval = deps.options?.pollIntervalMs ?? 1_000;
  const viewerTtlMs = deps.options?.viewerTtlMs ?? 15_000;
  const leaseMs = deps.options?.leaseMs ?? Math.max(3 * interval, 3_000);
  const screenshotTimeoutMs = deps.options?.screenshotTimeoutMs ?? 10_000;
  const pingEveryMs = deps.options?.pingEveryMs ?? 15_000;
  const processId = deps.processId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const frames = deps.frames ?? createPostgresFrameStore(data);

  const vms = new Map<string, VmState>();
  const counters = { screenshots: 0, pushed: 0 };
  const lastWarned = new Map<string, number>();
  let ticking: Promise<void> | undefined;
  let ticks = 0;
  let lastPing = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let notifications: Notifications | undefined;
  let unsubscribeLocal: (() => void) | undefined;
  let started = false;
  let stopped = false;
  // Refreshes run one at a time, so two never push the same change twice.
  let refreshChain: Promise<void> = Promise.resolve();

  const broadcast = (state: VmState, event: LiveEvent) => {
    for (const { sink } of state.sinks.values()) {
      try {
        sink(event);
        counters.pushed++;
      } catch {
        // One broken stream must not stop the others.
      }
    }
  };

  const frameEvent = (f: LiveFrame): LiveEvent => ({
    type: "frame",
    vmId: f.vmId,
    frame: {
      sha256: f.sha256,
      contentType: f.contentType,
      width: f.width,
      height: f.height,
      source: f.source,
      capturedAt: f.capturedAt.toISOString(),
      taskId: f.taskId,
      seq: f.seq,
      data: f.bytes.toString("base64"),
    },
  });

  const refreshNow = async (vmIds: string[]) => {
    const ids = vmIds.filter((id) => vms.has(id));
    if (ids.length === 0) return;
    const changed = await loadChangedFrames(
      data,
      ids.map((vmId) => ({ vmId, sha: vms.get(vmId)?.sha })),
    );
    for (const f of changed) {
      const state = vms.get(f.vmId);
      if (!state || state.sha === f.sha256) continue;
      state.sha = f.sha256;
      state.frame = frameEvent(f);
      broadcast(state, state.frame);
    }
    const steps = await currentStepsByVm(data, ids);
    for (const [vmId, step] of steps) {
      const state = vms.get(vmId);
      const json = JSON.stringify(step);
      if (!state || state.stepJson === json) continue;
      state.stepJson = json;
      state.step = { type: "step", vmId, step: step as CurrentStep | null };
      broadcast(state, state.step);
    }
  };
  const refresh = (vmIds: string[]) => {
    const run = refreshChain.then(() => refreshNow(vmIds));
    refreshChain = run.catch((error) => logger.warn({ err: error }, "live view: refresh failed"));
    return refreshChain;
  };

  const warn = (vmId: string, error: unknown, message: string) => {
    const now = Date.now();
    if ((lastWarned.get(vmId) ?? 0) > now - 60_000) return;
    lastWarned.set(vmId, now);
    logger.warn({ vmId, err: error }, message);
  };

  const poll = async (target: PollTarget) => {
    try {
      if (target.hidden) {
        // A knight is typing a secret that shows: the placeholder, and no screenshot at all.
        const bytes = hiddenScreenPng(target.hidden);
        const sha = sha256(bytes);
        await storeFrame(data, {
          vmId: target.vmId,
          customerId: target.customerId,
          sha256: sha,
          contentType: "image/png",
          ...target.hidden,
          bytes,
          source: "poll",
          frameId: null,
          taskId: null,
          seq: null,
          placeholderSha: sha,
        });
        return;
      }
      const shot = await orgo.screenshot(target.providerId, {
        signal: AbortSignal.timeout(screenshotTimeoutMs),
      });
      counters.screenshots++;
      await storeFrame(data, {
        vmId: target.vmId,
        customerId: target.customerId,
        sha256: sha256(shot.bytes),
        contentType: shot.contentType,
        width: shot.width,
        height: shot.height,
        bytes: shot.bytes,
        source: "poll",
        frameId: null,
        taskId: null,
        seq: null,
      });
    } catch (error) {
      warn(target.vmId, error, "live view: screenshot failed");
    }
  };

  const knightFrame = async (event: FrameEvent) => {
    const state = event.vmId ? vms.get(event.vmId) : undefined;
    if (!state || !event.vmId || event.customerId !== state.customerId) return;
    try {
      const stored = event.bytes
        ? { bytes: event.bytes, contentType: event.contentType, customerId: event.customerId }
        : await frames.get(event.frameId);
      if (!stored || stored.customerId !== state.customerId) return;
      await storeFrame(data, {
        vmId: event.vmId,
        customerId: state.customerId,
        sha256: sha256(stored.bytes),
        contentType: stored.contentType,
        width: event.width,
        height: event.height,
        bytes: stored.bytes,
        source: event.source ?? "knight",
        frameId: event.frameId,
        taskId: event.taskId,
        seq: event.seq,
      });
      await refresh([event.vmId]);
    } catch (error) {
      warn(event.vmId, error, "live view: knight frame not shown");
    }
  };

  const onNotify = (channel: string, payload: string) => {
    if (channel === LIVE_CHANNEL) {
      if (vms.has(payload)) void refresh([payload]);
      return;
    }
    try {
      const event = JSON.parse(payload) as FrameEvent;
      void knightFrame(event);
    } catch {
      // Not ours to understand.
    }
  };

  const tickOnce = async () => {
    const viewers = [...vms.values()].flatMap((s) => [...s.sinks.values()].map((v) => v.viewer));
    await heartbeat(data, processId, viewers, viewerTtlMs);
    const due = await claimDue(data, processId, { leaseMs, intervalMs: interval });
    await Promise.all(due.map(poll));
    await refresh([...vms.keys()]);
    if (++ticks % 20 === 0) await sweepExpired(data);
    if (Date.now() - lastPing >= pingEveryMs) {
      lastPing = Date.now();
      for (const state of vms.values()) broadcast(state, { type: "ping" });
    }
  };

  const tick = async () => {
    while (ticking) await ticking;
    ticking = tickOnce()
      .catch((error) => logger.warn({ err: error }, "live view: tick failed"))
      .finally(() => {
        ticking = undefined;
      });
    await ticking;
  };

  const view: LiveView = {
    async watch(target, sink) {
      const viewer: Viewer = { viewerId: randomUUID(), ...target };
      // Present before the first event: whoever the browser shows it to can count it
      // (a sink added first could get another viewer's broadcast before its row exists).
      await heartbeat(data, processId, [viewer], viewerTtlMs);
      let state = vms.get(target.vmId);
      const first = !state;
      if (!state) {
        state = { customerId: target.customerId, sinks: new Map() };
        vms.set(target.vmId, state);
      }
      state.sinks.set(viewer.viewerId, { sink, viewer });
      if (state.frame) sink(state.frame);
      if (state.step) sink(state.step);
      if (!state.frame || !state.step) await refresh([target.vmId]);
      // The first viewer should not wait a whole interval for a fresh screen.
      if (first && started && !stopped) void tick();
      let closed = false;
      return {
        close: async () => {
          if (closed) return;
          closed = true;
          const current = vms.get(target.vmId);
          current?.sinks.delete(viewer.viewerId);
          if (current && current.sinks.size === 0) vms.delete(target.vmId);
          await removeViewers(data, [viewer.viewerId]).catch((error) =>
            logger.debug({ err: error }, "live view: presence row left to expire"),
          );
        },
      };
    },
    tick,
    start() {
      if (started || stopped) return;
      started = true;
      timer = setInterval(() => {
        if (!ticking) void tick();
      }, interval);
      timer.unref();
      if (deps.pool) {
        notifications = listenForNotifications(
          deps.pool,
          [LIVE_CHANNEL, "mouse_frames"],
          onNotify,
          {
            logger,
          },
        );
      }
      if (deps.localFrames)
        unsubscribeLocal = deps.localFrames.subscribe((e) => void knightFrame(e));
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      unsubscribeLocal?.();
      await notifications?.close();
      while (ticking) await ticking;
      await refreshChain;
      const viewerIds = [...vms.values()].flatMap((s) => [...s.sinks.keys()]);
      vms.clear();
      await removeViewers(data, viewerIds).catch(() => {});
      await releaseLeases(data, processId).catch(() => {});
    },
    stats: () => ({
      viewers: [...vms.values()].reduce((n, s) => n + s.sinks.size, 0),
      vms: vms.size,
      ...counters,
    }),
  };
  return view;
}
