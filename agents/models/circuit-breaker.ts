/**
 * A circuit breaker per provider: after `failureThreshold` consecutive
 * failures it opens and refuses calls, so a provider that keeps failing is
 * not hammered (and callers fail over at once instead of waiting on it).
 * After `cooldownMs` it lets one trial call through (half-open): success
 * closes it, failure opens it for another cooldown.
 */
export type BreakerState = "closed" | "open" | "half_open";

export type CircuitBreakerOptions = {
  failureThreshold?: number;
  cooldownMs?: number;
  /** Clock; inject in tests. Default `Date.now`. */
  now?: () => number;
  /** Told about every state change (logs, metrics). */
  onStateChange?: (from: BreakerState, to: BreakerState) => void;
};

export type CircuitBreaker = {
  /** The state now (an open breaker past its cooldown reads `half_open`). */
  state(): BreakerState;
  /** Whether a call may go ahead now; in half-open, true once until the trial settles. */
  tryAcquire(): boolean;
  success(): void;
  failure(): void;
  /** Milliseconds until an open breaker admits a trial (0 when not open). */
  retryInMs(): number;
};

/** Creates a breaker; all state lives in the returned object. */
export function createCircuitBreaker({
  failureThreshold = 5,
  cooldownMs = 30_000,
  now = Date.now,
  onStateChange,
}: CircuitBreakerOptions = {}): CircuitBreaker {
  let stored: BreakerState = "closed";
  let failures = 0;
  let openedAt = 0;
  let trialInFlight = false;

  const move = (to: BreakerState) => {
    if (to === stored) return;
    const from = stored;
    stored = to;
    onStateChange?.(from, to);
  };
  const current = (): BreakerState => {
    if (stored === "open" && now() - openedAt >= cooldownMs) move("half_open");
    return stored;
  };
  const open = () => {
    openedAt = now();
    trialInFlight = false;
    move("open");
  };

  return {
    state: current,
    tryAcquire() {
      const state = current();
      if (state === "closed") return true;
      if (state === "open" || trialInFlight) return false;
      trialInFlight = true;
      return true;
    },
    success() {
      failures = 0;
      trialInFlight = false;
      move("closed");
    },
    failure() {
      if (current() === "half_open") return open();
      failures += 1;
      if (failures >= failureThreshold) open();
    },
    retryInMs() {
      return current() === "open" ? Math.max(0, openedAt + cooldownMs - now()) : 0;
    },
  };
}
