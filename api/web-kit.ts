/**
 * What the dashboard and the JSON API share for every request: sessions,
 * recognising the caller, and rate limits kept in Postgres. Built from plain
 * dependencies; two kits over the same database behave as one.
 */
import type { MiddlewareHandler } from "hono";
import { createSessions, type ExternalTokenVerifier, type Sessions } from "../auth/index.ts";
import type { Data } from "../db/index.ts";
import type { TrustProxy } from "../lib/client-address.ts";
import type { AppEnv } from "./env.ts";
import { authenticate } from "./middleware/authenticate.ts";
import { clientIp, rateLimit } from "./middleware/rate-limit.ts";
import { createRateLimiter, type RateLimiter, type RateLimitRule } from "./rate-limiter.ts";

export type WebLimits = {
  /** Every request per client IP. Default 300 a minute. */
  perIp?: RateLimitRule;
  /** Every request per signed-in user or API key. Default 600 a minute. */
  perUser?: RateLimitRule;
  /** Sign-in links tried per IP (guessing them is pointless, but cheap to refuse). Default 20 a minute. */
  loginPerIp?: RateLimitRule;
  /** Public sign-ups per IP. Default 5 an hour. */
  signupPerIp?: RateLimitRule;
};

export type WebKitDeps = {
  data: Data;
  appSecret: string;
  publicUrl?: string;
  externalTokens?: ExternalTokenVerifier;
  /** Which X-Forwarded-For hops to believe (TRUST_PROXY); default none: the socket's peer. */
  trustProxy?: TrustProxy;
  limits?: WebLimits;
  sessionTtlSeconds?: number;
  /** Clock for sessions and rate-limit windows. */
  now?: () => number;
  /** Share one limiter between kits (tests); default one per kit, over the same table. */
  limiter?: RateLimiter;
};

export type WebKit = {
  sessions: Sessions;
  limiter: RateLimiter;
  publicUrl?: string;
  authenticate: MiddlewareHandler<AppEnv>;
  /** Per-IP and per-user limits for a group of routes. */
  limit: (
    bucket: string,
    rules?: { perIp?: RateLimitRule; perUser?: RateLimitRule },
  ) => MiddlewareHandler<AppEnv>;
  limits: Required<WebLimits>;
  ipOf: (c: Parameters<typeof clientIp>[0]) => string;
};

/** Builds the shared request machinery. */
export function createWebKit(deps: WebKitDeps): WebKit {
  const sessions = createSessions({
    data: deps.data,
    appSecret: deps.appSecret,
    ...(deps.sessionTtlSeconds ? { ttlSeconds: deps.sessionTtlSeconds } : {}),
    ...(deps.now ? { now: deps.now } : {}),
  });
  const limiter =
    deps.limiter ?? createRateLimiter({ data: deps.data, ...(deps.now ? { now: deps.now } : {}) });
  const limits: Required<WebLimits> = {
    perIp: { limit: 300, windowMs: 60_000 },
    perUser: { limit: 600, windowMs: 60_000 },
    loginPerIp: { limit: 20, windowMs: 60_000 },
    signupPerIp: { limit: 5, windowMs: 3_600_000 },
    ...deps.limits,
  };
  const ipOf = (c: Parameters<typeof clientIp>[0]) =>
    clientIp(c, { trustProxy: deps.trustProxy ?? { kind: "none" } });
  return {
    sessions,
    limiter,
    ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}),
    authenticate: authenticate({
      data: deps.data,
      sessions,
      ...(deps.externalTokens ? { externalTokens: deps.externalTokens } : {}),
      ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}),
    }),
    limit: (bucket, rules = {}) =>
      rateLimit({
        limiter,
        bucket,
        perIp: rules.perIp ?? limits.perIp,
        perUser: rules.perUser ?? limits.perUser,
        ipOf,
      }),
    limits,
    ipOf,
  };
}
