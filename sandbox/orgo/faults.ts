import type { ContentfulStatusCode } from "hono/utils/http-status";
import { OrgoApiError, UNREACHABLE_MESSAGE } from "./errors.ts";
import type { RouteTag } from "./types.ts";

/** A failure to inject into matching calls. */
export type FaultSpec = {
  /** Which calls: a route tag such as `screenshot`, `action` or `click`, or `*` for all. */
  route: RouteTag | "*";
  /** Only calls on this computer (`/computers/{id}/…`). */
  computerId?: string;
  /** Answer with this status; leave out for a fault that only delays. */
  status?: ContentfulStatusCode;
  /** The `error` text; defaults to what Orgo says for the status. */
  error?: string;
  /** Sets `upstream_status`; 500s carry 500 unless told otherwise. */
  upstreamStatus?: number;
  /** How many matching calls fail; default 1, `Infinity` until cleared. */
  times?: number;
  /** Hold the call this long first, e.g. longer than the client's timeout. */
  delayMs?: number;
  /**
   * `before` (default) fails the call without doing it; `after` does it (the
   * action lands, the log shows it) and then answers with the failure, which is
   * what makes blind retries of non-idempotent calls dangerous.
   */
  phase?: "before" | "after";
};

/** A live injected fault. */
export type FaultHandle = {
  readonly remaining: number;
  /** Calls it has hit so far. */
  readonly hits: number;
  clear(): void;
};

/** A matched fault: how long to hold the call and what error, if any, to answer with. */
export type FaultOutcome = { delayMs: number; error: OrgoApiError | null };

const DEFAULT_MESSAGES: Partial<Record<number, string>> = {
  400: "Desktop instance not available",
  401: "Invalid API key",
  402: "Insufficient credits",
  403: "You do not have access to this resource",
  404: "Computer not found",
  405: "Restart is not supported on this host; stop and start the computer instead",
  409: "Computer is in the wrong state for this operation",
  429: "Too many requests",
  500: "Desktop agent error",
  503: UNREACHABLE_MESSAGE,
};

/** Injected faults, consumed by matching calls in the order they were injected. */
export type FaultRegistry = ReturnType<typeof createFaultRegistry>;

/** An empty registry. */
export function createFaultRegistry() {
  const faults: { spec: FaultSpec; remaining: number; hits: number }[] = [];

  return {
    inject(spec: FaultSpec): FaultHandle {
      const fault = { spec, remaining: spec.times ?? 1, hits: 0 };
      faults.push(fault);
      return {
        get remaining() {
          return fault.remaining;
        },
        get hits() {
          return fault.hits;
        },
        clear: () => {
          fault.remaining = 0;
        },
      };
    },
    clear() {
      for (const fault of faults) fault.remaining = 0;
      faults.length = 0;
    },
    /** Consumes the first live fault matching a call, if any. */
    take(
      tags: readonly RouteTag[],
      computerId: string | undefined,
      phase: "before" | "after",
    ): FaultOutcome | null {
      const fault = faults.find(
        ({ spec, remaining }) =>
          remaining > 0 &&
          (spec.phase ?? "before") === phase &&
          (spec.route === "*" || tags.includes(spec.route)) &&
          (spec.computerId === undefined || spec.computerId === computerId),
      );
      if (!fault) return null;
      fault.remaining -= 1;
      fault.hits += 1;
      return { delayMs: fault.spec.delayMs ?? 0, error: toError(fault.spec) };
    },
  };
}

function toError(spec: FaultSpec): OrgoApiError | null {
  if (spec.status === undefined) return null;
  const upstreamStatus = spec.upstreamStatus ?? (spec.status === 500 ? 500 : undefined);
  return new OrgoApiError(
    spec.status,
    spec.error ?? DEFAULT_MESSAGES[spec.status] ?? "Injected failure",
    {
      ...(upstreamStatus === undefined ? {} : { upstreamStatus }),
      ...(spec.status === 429 ? { headers: { "Retry-After": "1" } } : {}),
    },
  );
}
