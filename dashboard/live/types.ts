/** The live view's public shapes: what it needs and what it offers. */
import type pg from "pg";
import type { FrameEvent, FrameStore } from "../../agents/knights/frames.ts";
import type { Data } from "../../db/index.ts";
import type { Logger } from "../../observability/index.ts";
import type { LiveSink } from "./events.ts";

export type { LiveSink };

/** What the live view needs from Orgo: a screenshot of a computer. */
export type ScreenSource = {
  screenshot: (
    computerId: string,
    call?: { signal?: AbortSignal },
  ) => Promise<{ bytes: Buffer; contentType: string; width: number; height: number }>;
};

export type LiveViewOptions = {
  /** Screenshots per VM at most once per this; also the tick period. Default 1000 ms. */
  pollIntervalMs?: number;
  /** A viewer whose process stops renewing it counts for this long. Default 15 s. */
  viewerTtlMs?: number;
  /** A poller lease lasts this long unless renewed. Default 3 × the interval (at least 3 s). */
  leaseMs?: number;
  screenshotTimeoutMs?: number;
  /** Keep-alive pings to streams (proxies drop silent connections). Default 15 s. */
  pingEveryMs?: number;
};

export type LiveViewDeps = {
  data: Data;
  orgo: ScreenSource;
  logger: Logger;
  /** A pool to LISTEN on; without it changes are still found at each tick, only later. */
  pool?: pg.Pool;
  /** Where knights' frames are read from (default: the Postgres frame store). */
  frames?: Pick<FrameStore, "get">;
  /** An in-process frame publisher to follow as well (same-process knights). */
  localFrames?: { subscribe: (listener: (event: FrameEvent) => void) => () => void };
  /** This process's name in leases and presence rows. */
  processId?: string;
  options?: LiveViewOptions;
};

export type WatchTarget = { vmId: string; customerId: string; userId: string };

export type LiveView = {
  /** Adds a browser stream for a VM (access already checked); close it when the browser leaves. */
  watch: (target: WatchTarget, sink: LiveSink) => Promise<{ close: () => Promise<void> }>;
  /** One round: presence, leases, screenshots, pushing changes. The timer calls it; tests may too. */
  tick: () => Promise<void>;
  /** Starts the timer and the notification listener. */
  start: () => void;
  /** Stops everything and gives up this process's leases. Idempotent. */
  stop: () => Promise<void>;
  stats: () => { viewers: number; vms: number; screenshots: number; pushed: number };
};
