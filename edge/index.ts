/**
 * The web tier on Cloudflare Workers, and the Node side of its hand-off.
 *
 * Edge: `worker.ts` is wrangler.toml's `main` (`createEdgeWorker()`, which
 * builds the app once per isolate and gives each request its own pool on
 * Hyperdrive through `createRequestPools`); `createEdgeApp` is the Hono app
 * it serves (health, the Telegram and Stripe webhooks, with APP_SECRET the
 * dashboard and the JSON API), with the work BullMQ would take written to
 * `public.edge_handoffs` instead.
 * Node: a worker process schedules `scheduleTelegramRelay(queues)` and routes
 * maintenance jobs named `TELEGRAM_RELAY_JOB` to `relayHandoffs(deps)`, which
 * moves those rows onto the queues.
 */
export { createEdgeApp, type EdgeAppDeps } from "./app.ts";
export {
  createEdgeConfig,
  deriveWebhookSecret,
  type EdgeBindings,
  type EdgeConfig,
  EdgeConfigError,
  type HyperdriveBinding,
} from "./env.ts";
export {
  createHandoffNotifier,
  type Handoff,
  loadMessage,
  type StoredMessage,
  storeMessage,
  tableUpdateHandoff,
  writeHandoff,
} from "./handoffs.ts";
export {
  type RelayDeps,
  type RelayOptions,
  relayHandoffs,
  scheduleTelegramRelay,
  TELEGRAM_RELAY_JOB,
} from "./relay.ts";
export { createRequestPools, type PoolLike, type RequestPools } from "./request-pool.ts";
export { createEdgeWorker } from "./worker.ts";
