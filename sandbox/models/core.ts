import { createScriptedBrain } from "./brain/scripted-brain.ts";
import { createFaultInjector, type FaultInjector, type FaultOptions, sleep } from "./faults.ts";
import { createIdGenerator, type IdGenerator } from "./ids.ts";
import { createPromptCache, type PromptCache } from "./prompt-cache.ts";
import { createRequestLog, type RequestLog } from "./request-log.ts";
import type { Brain } from "./types.ts";

/** Options every model sandbox factory accepts. */
export type ModelSandboxOptions = {
  /** Decides replies; default `createScriptedBrain()`. */
  brain?: Brain;
  /** Accepted API keys; when absent any non-empty key is accepted (a missing one is still a 401). */
  apiKeys?: readonly string[];
  /** Initial fault settings (latency, retry-after, hang bound, seed). */
  faults?: FaultOptions;
  /** Clock for cache TTLs, timestamps and the log; default `Date.now`. */
  now?: () => number;
  /** How latency and timeouts wait; inject to observe them without waiting. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Seed for ids, so a run's ids are the same every time. Default "sandbox". */
  seed?: string;
  /** Shortest prefix Anthropic caches; default 1024 (Sonnet/Opus). */
  cacheMinTokens?: number;
  /** How many log entries to keep; default 1000. */
  logLimit?: number;
};

/** What the routes of one sandbox instance share. */
export type SandboxCore = {
  brain: Brain;
  faults: FaultInjector;
  log: RequestLog;
  cache: PromptCache;
  ids: IdGenerator;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  apiKeys: ReadonlySet<string> | undefined;
};

/** Builds the per-instance state from options; nothing is shared between instances. */
export function createSandboxCore(options: ModelSandboxOptions = {}): SandboxCore {
  const now = options.now ?? Date.now;
  return {
    brain: options.brain ?? createScriptedBrain(),
    faults: createFaultInjector(options.faults),
    log: createRequestLog({ now, limit: options.logLimit }),
    cache: createPromptCache({ now, minExplicitTokens: options.cacheMinTokens }),
    ids: createIdGenerator(options.seed ?? "sandbox"),
    now,
    sleep: options.sleep ?? sleep,
    apiKeys: options.apiKeys ? new Set(options.apiKeys) : undefined,
  };
}
