import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { clientAddress, type TrustProxy } from "../../lib/client-address.ts";
import type { AppEnv } from "../env.ts";
import type { RateLimiter, RateLimitRule } from "../rate-limiter.ts";

export type RateLimitOptions = {
  limiter: RateLimiter;
  /** Per client IP; default 300 requests a minute. */
  perIp?: RateLimitRule;
  /** Per signed-in user (or API key); default 600 requests a minute. */
  perUser?: RateLimitRule;
  /** A name so different route groups keep separate budgets. */
  bucket?: string;
  /** Where the client address comes from; see `clientIp`. */
  ipOf?: (c: Context) => string;
};

/**
 * The client's address: the socket's peer, or past the proxies `trustProxy`
 * names (TRUST_PROXY), X-Forwarded-For read right to left (`clientAddress`).
 */
export function clientIp(
  c: Context,
  { trustProxy = { kind: "none" } }: { trustProxy?: TrustProxy } = {},
): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return clientAddress({
    peer: env?.incoming?.socket?.remoteAddress,
    forwardedFor: c.req.header("x-forwarded-for"),
    trust: trustProxy,
  });
}

/**
 * Refuses a request with 429 (and Retry-After) once its IP or its user has
 * used up the window. Runs after `authenticate`, so the user is known.
 */
export const rateLimit = ({
  limiter,
  perIp = { limit: 300, windowMs: 60_000 },
  perUser = { limit: 600, windowMs: 60_000 },
  bucket = "web",
  ipOf = (c) => clientIp(c),
}: RateLimitOptions): MiddlewareHandler<AppEnv> =>
  async function rateLimit(c, next) {
    const principal = c.get("principal");
    const counts = [{ key: `${bucket}:ip:${ipOf(c)}`, rule: perIp }];
    if (principal) counts.push({ key: `${bucket}:user:${principal.userId}`, rule: perUser });
    const verdict = await limiter.hit(counts);
    if (!verdict.allowed) {
      c.header("Retry-After", String(verdict.retryAfterSeconds));
      c.get("logger")?.warn({ key: verdict.exceeded }, "rate limited");
      throw new HTTPException(429, { message: "Too many requests, slow down" });
    }
    await next();
  };
