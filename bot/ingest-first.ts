/**
 * Webhook first. A process that both takes Telegram's webhook and handles
 * the queued updates (`main.ts all`) runs the two on one event loop, and
 * under a burst the update worker's callbacks queue in front of the route's.
 * Telegram waits for every acknowledgement (it holds at most
 * `max_connections` requests open and re-sends the ones that time out),
 * while a queued update is already safe and only waits its turn. So the
 * route counts the requests it holds, and while many are open at once the
 * update worker takes fewer jobs at a time; when the route is quiet again
 * the worker goes back to its full concurrency and drains the backlog.
 *
 * Measured (`npm run bench -- --only webhook`, 100 connections, one
 * process): with a fixed concurrency of 16 the route accepted ~2,800
 * updates/s at p99 ~65 ms while the worker handled ~900/s. Yielding to 4
 * jobs at a time gave 3,309-3,562/s at p99 50-55 ms on the VM of
 * 2026-12-06, yielding to 2 gave 4,409-4,897/s at p99 35-37 ms and handled
 * as many (614-826/s); see the README's benchmarks.
 */

/** Counts the webhook requests open right now and the most open at once since the last look. */
export type IngestGauge = {
  enter(): void;
  leave(): void;
  /** The most requests open at once since the previous call (at least those open now). */
  takePeak(): number;
};

export function createIngestGauge(): IngestGauge {
  let open = 0;
  let peak = 0;
  return {
    enter() {
      open += 1;
      if (open > peak) peak = open;
    },
    leave() {
      open -= 1;
    },
    takePeak() {
      const seen = peak;
      peak = open;
      return seen;
    },
  };
}

export type YieldOptions = {
  /** The worker's concurrency while the route is quiet. */
  full: number;
  /** Its concurrency while requests pile up at the route. */
  reduced: number;
  /** This many requests open at once counts as piling up. */
  busyAt?: number;
  /** How often the gauge is read. */
  everyMs?: number;
};

/**
 * Sets `worker.concurrency` from the gauge every `everyMs`: `reduced` while
 * `busyAt` or more requests were open at once in the last interval, `full`
 * otherwise (BullMQ applies a lower concurrency as running jobs finish).
 * Returns `stop`; `adjust` runs one reading at once (tests).
 */
export function yieldToIngest(
  worker: { concurrency: number },
  gauge: IngestGauge,
  { full, reduced, busyAt = 8, everyMs = 100 }: YieldOptions,
) {
  const adjust = () => {
    const next = gauge.takePeak() >= busyAt ? reduced : full;
    if (worker.concurrency !== next) worker.concurrency = next;
  };
  const timer = setInterval(adjust, everyMs);
  timer.unref();
  return { adjust, stop: () => clearInterval(timer) };
}
