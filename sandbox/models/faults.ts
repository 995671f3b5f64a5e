/**
 * What a sandbox can do to a call instead of answering it:
 * - `rate_limit`: 429 with `retry-after`
 * - `api_error`: 500
 * - `overloaded`: 529 on Anthropic, 503 on OpenAI
 * - `overloaded_midstream`: a streamed reply that starts, then fails with an
 *   `error` event (Anthropic); non-streamed calls get a plain `overloaded`
 * - `timeout`: no answer until the client gives up (or `hangMs` passes)
 * - `connection_reset`: the socket is destroyed without a response
 */
export type FaultKind =
  | "rate_limit"
  | "api_error"
  | "overloaded"
  | "overloaded_midstream"
  | "timeout"
  | "connection_reset";

/** Per-instance fault and latency controls, shared by every route of a sandbox. */
export type FaultInjector = {
  /** The next `count` calls fail with `kind` (queued after earlier `failNext`s). */
  failNext(kind: FaultKind, count?: number): void;
  /** From now on a seeded-random `fraction` (0–1) of calls fails with `kind`. */
  failFraction(kind: FaultKind, fraction: number): void;
  /** Delay before every answer (e.g. 1500 for benchmarks); 0 turns it off. */
  setLatency(ms: number): void;
  /** Drops queued faults, fractions and latency. */
  clear(): void;
  /** Decides the fate of one call; used by the routes. */
  take(): FaultKind | undefined;
  readonly latencyMs: number;
  readonly retryAfterSeconds: number;
  readonly hangMs: number;
};

export type FaultOptions = {
  latencyMs?: number;
  /** Value of the `retry-after` header on injected 429s. */
  retryAfterSeconds?: number;
  /** Upper bound on an injected timeout's hang, should the client never give up. */
  hangMs?: number;
  /** Seed for `failFraction`, so a "random" failure pattern is the same every run. */
  seed?: number;
};

/** Creates a fault injector; all state lives in the returned object. */
export function createFaultInjector({
  latencyMs = 0,
  retryAfterSeconds = 1,
  hangMs = 15 * 60_000,
  seed = 1,
}: FaultOptions = {}): FaultInjector {
  let queue: FaultKind[] = [];
  let fractions: Array<[FaultKind, number]> = [];
  let latency = latencyMs;
  const random = mulberry32(seed);

  return {
    failNext(kind, count = 1) {
      for (let i = 0; i < count; i++) queue.push(kind);
    },
    failFraction(kind, fraction) {
      fractions = fractions.filter(([k]) => k !== kind);
      if (fraction > 0) fractions.push([kind, Math.min(1, fraction)]);
    },
    setLatency(ms) {
      latency = Math.max(0, ms);
    },
    clear() {
      queue = [];
      fractions = [];
      latency = 0;
    },
    take() {
      const queued = queue.shift();
      if (queued) return queued;
      for (const [kind, fraction] of fractions) {
        if (random() < fraction) return kind;
      }
      return undefined;
    },
    get latencyMs() {
      return latency;
    },
    retryAfterSeconds,
    hangMs,
  };
}

/** Small seeded PRNG: reproducible "random" failures. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Resolves after `ms`, or early when `signal` aborts (client gone, server closing). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}
