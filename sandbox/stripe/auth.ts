import type { MiddlewareHandler } from "hono";
import type { Env } from "./context.ts";
import { StripeApiError } from "./errors.ts";

export type AuthOptions = {
  /** Keys to accept; when omitted any well-formed test-mode secret or restricted key works. */
  apiKeys?: readonly string[];
};

const TEST_KEY = /^(sk|rk)_test_[A-Za-z0-9_]+$/;

/**
 * Checks the secret key the way api.stripe.com does: Bearer (what stripe-node
 * sends) or Basic with the key as user name; 401 with Stripe's wording otherwise.
 */
export function stripeAuth({ apiKeys }: AuthOptions = {}): MiddlewareHandler<Env> {
  return async function stripeAuth(c, next) {
    const key = keyFrom(c.req.header("authorization"));
    if (!key) {
      throw new StripeApiError(401, {
        type: "invalid_request_error",
        message:
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      });
    }
    const accepted = apiKeys ? apiKeys.includes(key) : TEST_KEY.test(key);
    if (!accepted) {
      throw new StripeApiError(401, {
        type: "invalid_request_error",
        message: `Invalid API Key provided: ${redact(key)}`,
      });
    }
    c.set("apiKey", key);
    await next();
  };
}

function keyFrom(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value = ""] = header.trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() === "bearer") return value || undefined;
  if (scheme?.toLowerCase() === "basic") {
    const user = Buffer.from(value, "base64").toString("utf8").split(":")[0];
    return user || undefined;
  }
  return undefined;
}

function redact(key: string): string {
  const prefix = /^[a-z]+_(test|live)_/.exec(key)?.[0] ?? "";
  return `${prefix}${"*".repeat(Math.max(4, key.length - prefix.length - 4))}${key.slice(-4)}`;
}
