export type { FaultHandle, FaultSpec } from "./faults.ts";
export type { ComputerSummary, SandboxInspector, ScreenSnapshot } from "./inspector.ts";
export type { LoginSite } from "./login-page.ts";
export type { RequestLogEntry } from "./middleware.ts";
export { createOrgoSandbox, type OrgoSandbox, type OrgoSandboxOptions } from "./sandbox.ts";
export { type RunningOrgoSandbox, startOrgoSandbox } from "./start.ts";
export type {
  ActionLogEntry,
  ComputerStatus,
  LatencyConfig,
  RateLimitConfig,
  RouteTag,
  SandboxSettings,
  ScreenshotFormat,
  Workspace,
} from "./types.ts";
