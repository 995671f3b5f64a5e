import type { DesktopState } from "./desktop.ts";
import type { DesktopLayout } from "./layout.ts";
import type { LoginSite } from "./login-page.ts";
import type { FrameMemory } from "./renderer.ts";
import type { VmFs } from "./vm-fs.ts";

/** Orgo's computer statuses. */
export type ComputerStatus =
  | "creating"
  | "starting"
  | "running"
  | "stopping"
  | "stopped"
  | "restarting"
  | "suspended"
  | "deleting"
  | "error";

/**
 * Names for groups of routes, used to aim latency and injected failures.
 * A request carries a general tag and a specific one, e.g. `action` + `click`.
 */
export type RouteTag =
  | "workspaces"
  | "computers"
  | "create"
  | "get"
  | "delete"
  | "start"
  | "stop"
  | "restart"
  | "auto-stop"
  | "action"
  | "click"
  | "drag"
  | "type"
  | "key"
  | "scroll"
  | "wait"
  | "bash"
  | "exec"
  | "screenshot"
  | "files"
  | "upload"
  | "export"
  | "list-files";

/** How `GET /computers/{id}/screenshot` returns `image`; Orgo documents all three. */
export type ScreenshotFormat = "url" | "data-url" | "base64";

/** Milliseconds added to every call, or per route tag (the most specific tag wins). */
export type LatencyConfig = number | Partial<Record<RouteTag | "default", number>>;

/** At most `limit` calls per API key in each fixed `windowMs`; more get 429. */
export type RateLimitConfig = { limit: number; windowMs: number };

/** Settings that tests may change while the sandbox runs. */
export type SandboxSettings = {
  screenshotFormat: ScreenshotFormat;
  /** creating → running. 0 means the create response already says running. */
  bootDelayMs: number;
  /** starting → running, stopping → stopped, restarting → running. */
  transitionDelayMs: number;
  latencyMs: LatencyConfig;
  rateLimit: RateLimitConfig | null;
  /** Multiplies `wait` seconds, typing delays and drag durations: 0 = instant, 1 = real time. */
  actionTimeScale: number;
  /** Sign-in pages the desktops can open (Ctrl+L, address, Return); see `login-page.ts`. */
  sites: LoginSite[];
};

/** A workspace (Orgo's former "project"). */
export type Workspace = { id: string; name: string; createdAt: number };

/** One action as the desktop received it. */
export type ActionLogEntry = {
  /** Order across the whole sandbox. */
  seq: number;
  computerId: string;
  type: "click" | "drag" | "type" | "key" | "scroll" | "wait" | "bash" | "exec";
  /** The request body after validation and defaults. */
  params: Record<string, unknown>;
  at: number;
};

/** A file uploaded or exported through `/files`. */
export type StoredFile = {
  id: string;
  name: string;
  size: number;
  contentType: string;
  workspaceId: string;
  computerId: string | null;
  path: string | null;
  createdAt: number;
  data: Buffer;
};

/** Everything the sandbox knows about one computer, deleted ones included. */
export type ComputerRecord = {
  id: string;
  name: string;
  workspaceId: string;
  os: "linux";
  ram: number;
  cpu: number;
  diskSizeGb: number;
  resolution: string;
  layout: DesktopLayout;
  status: ComputerStatus;
  /** A transition in progress and when it completes. */
  pending: { status: ComputerStatus; at: number } | null;
  createdAt: number;
  deletedAt: number | null;
  instanceId: string;
  vncPassword: string;
  autoStopMinutes: number;
  lastActivityAt: number;
  desktop: DesktopState;
  fs: VmFs;
  /** Bumped on every change to what the screen shows; keys the PNG cache. */
  version: number;
  frame: { version: number; png: Buffer } | null;
  /** What the renderer keeps of the last frame, so the next re-encodes only changed rows. */
  frameMemory: FrameMemory;
  actions: ActionLogEntry[];
  screenshotTimes: number[];
};
