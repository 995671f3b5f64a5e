import { type CircuitBreaker, createCircuitBreaker } from "./circuit-breaker.ts";
import {
  classifyModelError,
  type ModelErrorInfo,
  type ModelErrorKind,
  NOT_PROVIDER_FAULTS,
  RETRYABLE_KINDS,
} from "./errors.ts";

/** One way to make a call: a provider (or any endpoint) with its own breaker. */
export type FailoverTarget<Req, Res> = {
  name: string;
  call: (request: Req, signal: AbortSignal | undefined) => Promise<Res>;
  /** Default: a fresh breaker from `breaker` options. */
  breaker?: CircuitBreaker;
};

export type RetryPolicy = {
  /** Calls per provider before moving on, first one included. Default 2. */
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /**
   * Kinds retried on the same provider. Default rate_limit, overloaded,
   * server, network. Timeouts are not: one already spent the whole timeout,
   * and the next provider is the better bet.
   */
  retryOn?: ReadonlySet<ModelErrorKind>;
};

/** What happened to one attempt (for logs, metrics and tests). */
export type AttemptRecord = {
  target: string;
  attempt: number;
  outcome: "ok" | "failed" | "skipped_open_circuit";
  error?: ModelErrorInfo;
  delayMs?: number;
};

export type FailoverOptions<Req, Res> = {
  targets: FailoverTarget<Req, Res>[];
  retry?: RetryPolicy;
  /** Kinds after which the next target is tried; default every kind but `bad_request` and `aborted`. */
  failoverOn?: (kind: ModelErrorKind) => boolean;
  /** Options for breakers created for targets that bring none. */
  breaker?: Parameters<typeof createCircuitBreaker>[0];
  /** How backoff waits; inject in tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1); default Math.random. */
  random?: () => number;
  onAttempt?: (record: AttemptRecord) => void;
};

/** Every target failed or was shut by its breaker. */
export class ModelUnavailableError extends Error {
  override readonly name = "ModelUnavailableError";
  readonly attempts: AttemptRecord[];
  constructor(attempts: AttemptRecord[], options: { cause?: unknown } = {}) {
    super(
      `no model provider answered: ${attempts.map((a) => `${a.target}#${a.attempt} ${a.error?.kind ?? a.outcome}`).join(", ") || "none configured"}`,
      options,
    );
    this.attempts = attempts;
  }
}

export type Failover<Req, Res> = {
  call(
    request: Req,
    options?: { signal?: AbortSignal },
  ): Promise<{ value: Res; target: string; attempts: AttemptRecord[] }>;
  breakers: ReadonlyMap<string, CircuitBreaker>;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls targets in order: retries what is worth retrying on one target with
 * exponential backoff (honouring `retry-after` up to `maxDelayMs`), then
 * fails over to the next, skipping targets whose breaker is open. Generic
 * over request and response, so the knights' computer-use calls reuse it.
 */
export function createFailover<Req, Res>({
  targets,
  retry = {},
  failoverOn = (kind) => !NOT_PROVIDER_FAULTS.has(kind),
  breaker: breakerOptions,
  sleep = defaultSleep,
  random = Math.random,
  onAttempt,
}: FailoverOptions<Req, Res>): Failover<Req, Res> {
  const { attempts = 2, baseDelayMs = 500, maxDelayMs = 8_000, retryOn = RETRYABLE_KINDS } = retry;
  const breakers = new Map(
    targets.map((t) => [t.name, t.breaker ?? createCircuitBreaker(breakerOptions)]),
  );

  const backoff = (attempt: number, info: ModelErrorInfo): number | undefined => {
    if (info.retryAfterMs !== undefined)
      return info.retryAfterMs <= maxDelayMs ? info.retryAfterMs : undefined;
    const exponential = baseDelayMs * 2 ** (attempt - 1);
    return Math.min(maxDelayMs, Math.round(exponential * (0.5 + random() / 2)));
  };

  return {
    breakers,
    async call(request, { signal } = {}) {
      const log: AttemptRecord[] = [];
      const note = (record: AttemptRecord) => {
        log.push(record);
        onAttempt?.(record);
      };
      let lastError: unknown;
      for (const target of targets) {
        const breaker = breakers.get(target.name)!;
        for (let attempt = 1; attempt <= attempts; attempt++) {
          if (!breaker.tryAcquire()) {
            note({ target: target.name, attempt, outcome: "skipped_open_circuit" });
            break;
          }
          try {
            const value = await target.call(request, signal);
            breaker.success();
            note({ target: target.name, attempt, outcome: "ok" });
            return { value, target: target.name, attempts: log };
          } catch (error) {
            lastError = error;
            const info = classifyModelError(error);
            if (NOT_PROVIDER_FAULTS.has(info.kind)) breaker.success();
            else breaker.failure();
            const delayMs =
              attempt < attempts && retryOn.has(info.kind) ? backoff(attempt, info) : undefined;
            note({ target: target.name, attempt, outcome: "failed", error: info, delayMs });
            if (info.kind === "aborted" || signal?.aborted) throw error;
            if (!failoverOn(info.kind)) throw error;
            if (delayMs === undefined) break;
            await sleep(delayMs);
          }
        }
      }
      throw new ModelUnavailableError(log, { cause: lastError });
    },
  };
}
