import { randomBytes } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { Guard, SandboxEnv } from "./env.ts";
import { OrgoApiError } from "./errors.ts";
import type { FaultRegistry } from "./faults.ts";
import type { RateLimiter } from "./rate-limit.ts";
import type { LatencyConfig, RouteTag, SandboxSettings } from "./types.ts";

/** One call as the sandbox answered it. */
export type RequestLogEntry = {
  at: number;
  method: string;
  path: string;
  status: number;
  tags: readonly RouteTag[];
  requestId: string;
};

/** Gives each call a request id (echoed as `X-Request-Id`) and records how it was answered. */
export function requestContext(
  log: RequestLogEntry[],
  now: () => number,
): MiddlewareHandler<SandboxEnv> {
  return async function requestContext(c, next) {
    const requestId = `req_${randomBytes(8).toString("hex")}`;
    c.set("requestId", requestId);
    c.set("tags", []);
    await next();
    c.res.headers.set("X-Request-Id", requestId);
    log.push({
      at: now(),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      tags: c.var.tags,
      requestId,
    });
  };
}

/** Checks `Authorization: Bearer <key>` against the accepted keys, or any `sk_…` key for "any". */
export function apiKeyAuth(apiKeys: readonly string[] | "any"): MiddlewareHandler<SandboxEnv> {
  return async function apiKeyAuth(c, next) {
    const header = c.req.header("Authorization");
    if (!header) throw new OrgoApiError(401, "Authentication required");
    const key = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    const accepted =
      key !== undefined && (apiKeys === "any" ? key.startsWith("sk_") : apiKeys.includes(key));
    if (!accepted) throw new OrgoApiError(401, "Invalid API key");
    c.set("apiKey", key);
    await next();
  };
}

/** Answers 429 with `Retry-After` once a key exceeds the configured rate. */
export function rateLimit(
  limiter: RateLimiter,
  settings: SandboxSettings,
): MiddlewareHandler<SandboxEnv> {
  return async function rateLimit(c, next) {
    const config = settings.rateLimit;
    const waitMs = config ? limiter.hit(c.var.apiKey, config) : 0;
    if (waitMs > 0) {
      throw new OrgoApiError(429, "Too many requests", {
        headers: { "Retry-After": String(Math.max(1, Math.ceil(waitMs / 1000))) },
      });
    }
    await next();
  };
}

/**
 * The guard factory: per-route latency (the least time a call takes to be
 * answered), and injected faults before and after the handler.
 */
export function createGuard(deps: {
  faults: FaultRegistry;
  settings: SandboxSettings;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}): Guard {
  const { faults, settings, sleep } = deps;
  return (...tags) =>
    async function guard(c, next) {
      c.set("tags", tags);
      const signal = c.req.raw.signal;
      // Latency is the time to the answer, as a real service's is: the call's
      // own work (an action, rendering a screenshot) is done within it.
      const latency = latencyFor(settings.latencyMs, tags);
      const answerable = latency > 0 ? sleep(latency, signal) : undefined;
      answerable?.catch(() => {}); // awaited below; a client gone meanwhile rejects it
      try {
        const computerId = c.req.param("id");
        const before = faults.take(tags, computerId, "before");
        if (before) {
          if (before.delayMs > 0) await sleep(before.delayMs, signal);
          if (before.error) throw before.error;
        }
        await next();
      } finally {
        await answerable;
      }
      if (c.res.status >= 400) return;
      const after = faults.take(tags, c.req.param("id"), "after");
      if (after) {
        if (after.delayMs > 0) await sleep(after.delayMs, signal);
        if (after.error) throw after.error;
      }
    };
}

/** The delay for a call with these tags: the most specific configured tag wins. */
export function latencyFor(config: LatencyConfig, tags: readonly RouteTag[]): number {
  if (typeof config === "number") return config;
  for (const tag of [...tags].reverse()) {
    const ms = config[tag];
    if (ms !== undefined) return ms;
  }
  return config.default ?? 0;
}
