/**
 * The dashboard: server-rendered pages (hono/jsx) for customers, resellers
 * and platform admins, public sign-up at /onboard, the live view of knights'
 * screens, and the Telegram simulator in sandbox mode.
 *
 * Wiring (runtime, web role):
 *
 * ```ts
 * const kit = createWebKit({ data, appSecret, publicUrl, externalTokens });
 * //   externalTokens: createSupabaseTokenVerifier({ url, anonKey }) when config.supabase.mode === "on"
 * const live = createLiveView({
 *   data, logger, orgo: orgoClient,   // the Orgo client (createOrgoClient) or anything with screenshot()
 *   pool: db.pool,                    // LISTEN mouse_live / mouse_frames
 *   localFrames,                      // optional: the knights' in-process publisher (same process)
 * });
 * live.start();                      shutdown.add("live view", () => live.stop());
 * const shared = { data, appSecret, publicUrl, kit, logger, botUsername, queues };
 * const app = createApp({
 *   logger, metrics, readiness,
 *   api: createApiRoutes(shared),                                  // mounted at /api
 *   dashboard: createDashboardRoutes({
 *     ...shared, live, stripe,                                     // stripe: portal button (optional)
 *     portalOrigins: [sandboxStripeOrigin ?? "https://billing.stripe.com"],
 *     sandbox: sandboxes.telegram ? { telegramUrl: sandboxes.telegram.url } : undefined,
 *     adminApps: [{ path: "/queues", label: "Queues", app: bullBoardApp }], // when @bull-board is installed
 *   }),                                                            // mounted at /
 * });
 * ```
 *
 * Every web process may run all of this at once: sessions are signed tokens
 * (logouts and rate-limit counters live in Postgres), and the live view
 * shares presence, one poller lease per VM and the latest frame through
 * Postgres. The bot's `/dashboard` links point at `<publicUrl>/login/<token>`.
 */
export { type CsrfTokens, createCsrfTokens } from "./csrf.ts";
export type { CtxOf, DashboardDeps } from "./deps.ts";
export type { FramePayload, LiveEvent, LiveSink } from "./live/events.ts";
export {
  createLiveView,
  type LiveView,
  type LiveViewDeps,
  type LiveViewOptions,
  type ScreenSource,
  type WatchTarget,
} from "./live/live-view.ts";
export { LIVE_CHANNEL } from "./live/store.ts";
export { botDeepLink, qrPng, qrSvg } from "./qr.ts";
export { createDashboardRoutes } from "./routes.tsx";
