/**
 * Test helper: a process that approves one approval through one channel
 * (the bot's button, the dashboard's form or the JSON API) and kills itself
 * with SIGKILL the moment the decision has committed, before anything else
 * happens. `approvals/crash.test.ts` then checks that the work still runs, once.
 * Configured by the `APPROVALS_CRASH_DECIDER` environment variable (JSON).
 */
import type { Update } from "grammy/types";
import { createApiRoutes } from "../api/api-routes.ts";
import { createApp } from "../api/app.ts";
import { createWebKit } from "../api/web-kit.ts";
import { createApprovals } from "../approvals/index.ts";
import { createBot, createCallbackSigner } from "../bot/index.ts";
import { createCsrfTokens } from "../dashboard/csrf.ts";
import { createDashboardRoutes } from "../dashboard/index.ts";
import { createData, createDatabase } from "../db/index.ts";
import { createLogger, createMetrics } from "../observability/index.ts";
import { createQueueKit } from "../queue/index.ts";
import { DEFAULT_BOT } from "../sandbox/telegram/index.ts";

export type Channel = "bot" | "dashboard" | "api";

export type CrashDeciderConfig = {
  databaseUrl: string;
  queue: { kind: "redis"; url: string } | { kind: "postgres" };
  namespace: string;
  channel: Channel;
  approvalId: string;
  customerId: string;
  userId: string;
  telegramId: number;
  appSecret: string;
};

const config = JSON.parse(process.env.APPROVALS_CRASH_DECIDER ?? "{}") as CrashDeciderConfig;
const db = await createDatabase({ kind: "server", url: config.databaseUrl, max: 4 });
const data = createData(db);
const queues = createQueueKit(
  config.queue.kind === "redis" ? config.queue : { kind: "postgres", pool: db.queuePool },
  { namespace: config.namespace },
);
const logger = createLogger({ level: "silent" });
const approvals = createApprovals({
  data,
  queues,
  logger,
  afterDecision: (decision) => {
    process.stdout.write(`decided ${decision.outcome}\n`);
    process.kill(process.pid, "SIGKILL");
  },
});

if (config.channel === "bot") {
  const bot = createBot({
    token: DEFAULT_BOT.token,
    botInfo: { ...DEFAULT_BOT, is_bot: true } as never,
    // Nothing may reach Telegram before the decision: an unreachable API proves it.
    apiRoot: "http://127.0.0.1:9",
    data,
    logger,
    appSecret: config.appSecret,
    adminIds: [],
    dashboardUrl: "http://127.0.0.1:8787",
    brain: { handleMessage: async () => ({ text: "" }) },
    billing: { checkoutUrl: async () => "", portalUrl: async () => undefined },
    broadcast: async () => 0,
    knights: { answer: async () => false, stop: async () => ({ outcome: "not_found" }) },
    approvals,
  });
  const from = { id: config.telegramId, is_bot: false, first_name: "Owner" };
  const update: Update = {
    update_id: 1,
    callback_query: {
      id: "1",
      from,
      chat_instance: "1",
      data: createCallbackSigner(config.appSecret).sign(
        { kind: "ap", id: config.approvalId, choice: "y" },
        config.telegramId,
      ),
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: config.telegramId, type: "private", first_name: "Owner" },
        text: "Approve?",
      },
    },
  };
  await bot.handleUpdate(update);
} else {
  const kit = createWebKit({ data, appSecret: config.appSecret });
  const deps = {
    data,
    appSecret: config.appSecret,
    kit,
    logger,
    botUsername: DEFAULT_BOT.username,
    approvals,
  };
  const app = createApp({
    logger,
    metrics: createMetrics({ defaults: false }),
    readiness: () => [],
    api: createApiRoutes(deps),
    dashboard: createDashboardRoutes(deps),
  });
  const { token, claims } = await kit.sessions.issue(config.userId);
  const headers = { cookie: `__Host-mouse_session=${token}`, origin: "http://localhost" };
  const path = `/customers/${config.customerId}/approvals/${config.approvalId}`;
  const res =
    config.channel === "api"
      ? await app.request(`http://localhost/api${path}`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: JSON.stringify({ decision: "approve" }),
        })
      : await app.request(`http://localhost/c/${path.slice("/customers/".length)}`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            decision: "approve",
            _csrf: createCsrfTokens(config.appSecret).token({
              userId: config.userId,
              session: claims,
            } as never),
          }).toString(),
        });
  process.stdout.write(`answered ${res.status}: ${await res.text()}\n`);
}
// Reaching this line means the decision never committed.
process.exit(3);
