import type { MiddlewareHandler } from "hono";
import type { Env } from "./context.ts";
import { StripeApiError } from "./errors.ts";
import type { ParamValue } from "./form.ts";

type Saved = {
  endpoint: string;
  fingerprint: string;
  savedAt: number;
  response?: { status: number; body: string; headers: [string, string][] };
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Stripe's `Idempotency-Key` semantics for POST: the first outcome of a key is
 * saved and replayed (header `Idempotent-Replayed: true`); the same key with
 * other parameters or another endpoint is a 400 `idempotency_error`; a key
 * still in flight is a 409. Validation errors are not saved, so a corrected
 * retry may reuse the key. Keys are per API key and expire after 24 hours.
 */
export function idempotency(clock: () => number): MiddlewareHandler<Env> {
  const saved = new Map<string, Saved>();
  return async function idempotency(c, next) {
    const key = c.req.header("idempotency-key");
    c.set("idempotencyKey", key ?? null);
    if (c.req.method !== "POST" || key === undefined) return next();
    if (key.length > 255) {
      throw new StripeApiError(400, {
        type: "invalid_request_error",
        message: "Idempotency-Key must be at most 255 characters long.",
      });
    }
    const slot = `${c.var.apiKey}\u0000${key}`;
    const endpoint = `${c.req.method} ${c.req.path}`;
    const fingerprint = canonical(c.var.params);
    const previous = saved.get(slot);
    if (previous && clock() - previous.savedAt > DAY_MS) saved.delete(slot);
    const existing = saved.get(slot);
    if (existing) {
      if (existing.endpoint !== endpoint) {
        throw idempotencyError(
          `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${existing.endpoint}' vs '${endpoint}'). Try using a key other than '${key}' if you meant to execute a different request.`,
        );
      }
      if (existing.fingerprint !== fingerprint) {
        throw idempotencyError(
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        );
      }
      if (!existing.response) {
        throw new StripeApiError(409, {
          type: "invalid_request_error",
          code: "idempotency_key_in_use",
          message: `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
        });
      }
      const headers = new Headers(existing.response.headers);
      headers.set("Idempotent-Replayed", "true");
      headers.set("Request-Id", c.var.requestId);
      return new Response(existing.response.body, { status: existing.response.status, headers });
    }

    const entry: Saved = { endpoint, fingerprint, savedAt: clock() };
    saved.set(slot, entry);
    await next();
    c.res.headers.set("Idempotency-Key", key);
    const error = c.error;
    const remember = !error || (error instanceof StripeApiError && error.replayable);
    if (!remember) {
      saved.delete(slot);
      return;
    }
    entry.response = {
      status: c.res.status,
      body: await c.res.clone().text(),
      headers: [...c.res.headers.entries()],
    };
  };
}

function idempotencyError(message: string): StripeApiError {
  return new StripeApiError(400, { type: "idempotency_error", message });
}

function canonical(value: ParamValue): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key]!)}`).join(",")}}`;
}
