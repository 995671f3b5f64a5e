import type { MiddlewareHandler } from "hono";
import type { Env } from "./context.ts";
import { StripeApiError } from "./errors.ts";

/** A planned fault for the next `count` matching API calls. */
export type FailureRule = {
  /** 500, 503 (api_error), 429 (rate_limit), 402 (card_declined) …; omit for latency only. */
  status?: number;
  count?: number;
  latencyMs?: number;
  method?: string;
  /** Exact path (`/v1/customers`) or a pattern. */
  path?: string | RegExp;
};

type Armed = Required<Pick<FailureRule, "count">> & FailureRule;

/**
 * Failure injection for retry and timeout tests: the next N matching calls
 * wait, then fail with a Stripe-shaped error, before anything is executed or
 * remembered by an idempotency key (like a request that never reached Stripe).
 */
export function createFailureInjector(
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
) {
  const rules: Armed[] = [];
  const middleware: MiddlewareHandler<Env> = async function failureInjection(c, next) {
    const rule = rules.find((candidate) => matches(candidate, c.req.method, c.req.path));
    if (!rule) return next();
    rule.count -= 1;
    if (rule.count <= 0) rules.splice(rules.indexOf(rule), 1);
    if (rule.latencyMs) await sleep(rule.latencyMs);
    if (rule.status) throw injectedError(rule.status);
    return next();
  };
  return {
    middleware,
    /** Arms a rule; `count` defaults to 1. */
    inject(rule: FailureRule): void {
      rules.push({ ...rule, count: rule.count ?? 1 });
    },
    /** How many injected faults are still waiting to fire. */
    remaining(): number {
      return rules.reduce((sum, rule) => sum + rule.count, 0);
    },
    clear(): void {
      rules.length = 0;
    },
  };
}

/** The failure injector's public face. */
export type FailureInjector = ReturnType<typeof createFailureInjector>;

function matches(rule: Armed, method: string, path: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method) return false;
  if (rule.path === undefined) return true;
  return typeof rule.path === "string" ? rule.path === path : rule.path.test(path);
}

function injectedError(status: number): StripeApiError {
  if (status === 429) {
    return new StripeApiError(429, {
      type: "invalid_request_error",
      code: "rate_limit",
      message:
        "Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.",
    });
  }
  if (status === 402) {
    return new StripeApiError(402, {
      type: "card_error",
      code: "card_declined",
      message: "Your card was declined.",
    });
  }
  if (status === 409) {
    return new StripeApiError(409, {
      type: "invalid_request_error",
      code: "lock_timeout",
      message:
        "This object cannot be accessed right now because another API request or Stripe process is currently accessing it.",
    });
  }
  return new StripeApiError(status, {
    type: "api_error",
    message: "An unknown error occurred",
  });
}
