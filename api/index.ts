export { type ApiDeps, createApiRoutes } from "./api-routes.ts";
export { type AppDeps, createApp } from "./app.ts";
export type { AppEnv } from "./env.ts";
export { type ErrorBody, notFound, onError } from "./errors.ts";
export { authenticate, requirePrincipal } from "./middleware/authenticate.ts";
export { clientIp, rateLimit } from "./middleware/rate-limit.ts";
export { sameOrigin } from "./middleware/same-origin.ts";
export { loadPrincipal, type MembershipRole, type Principal } from "./principal.ts";
export {
  createRateLimiter,
  type RateLimiter,
  type RateLimitRule,
  type RateLimitVerdict,
} from "./rate-limiter.ts";
export type { ReadinessCheck } from "./routes/health.ts";
export { createWebKit, type WebKit, type WebKitDeps, type WebLimits } from "./web-kit.ts";
