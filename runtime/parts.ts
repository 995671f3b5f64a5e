/**
 * The product's parts, wired from the services: the brain, the knights'
 * controls, approval executors, the bot and its outbox, billing. Which of
 * them run (receive updates, work queues) is decided by the role in start.ts.
 */
import type { Hono } from "hono";
import { createKingMouse, createScheduleExecutor, loadFrame } from "../agents/brain/index.ts";
import {
  createInboundFiles,
  createKnightExecutors,
  type Knights,
  writeScheduledTask,
} from "../agents/knights/index.ts";
import { createApprovalExecutors, createApprovals } from "../approvals/index.ts";
import { createCheckout, createPortal, createStripeWebhookRoutes } from "../billing/index.ts";
import {
  type BillingPort,
  type BrainPort,
  createBot,
  createTelegramWebhookRoutes,
  type IngestGauge,
} from "../bot/index.ts";
import type { Config } from "../config/index.ts";
import type { Data } from "../db/index.ts";
import type { Notifier } from "../notify/index.ts";
import type { Logger } from "../observability/index.ts";
import type { QueueKit } from "../queue/index.ts";
import {
  billingGate,
  createScheduleControls,
  createScheduleEditExecutor,
  SCHEDULE_EDIT_KIND,
} from "../schedules/index.ts";
import { createKeyring, createSecretStore } from "../secrets/index.ts";
import { createPastedLogins, createVault } from "../vault/index.ts";
import type { Services } from "./services.ts";

export type PartsDeps = {
  config: Config;
  data: Data;
  queues: QueueKit;
  services: Services;
  logger: Logger;
  appSecret: string;
  /** Where people reach this deployment (dashboard links, Stripe return URLs). */
  publicUrl: string;
  notifier: Notifier & { broadcast: (chatIds: number[], text: string) => Promise<number> };
  /** The knights' controls (running workers in a worker process, controls only in a web process). */
  knights: Knights;
  /** Set when this process also handles the updates its webhook route takes (role `all`). */
  webhookGauge?: IngestGauge;
};

/** Derives the Telegram webhook secret from APP_SECRET when none is configured. */
export async function webhookSecret(config: Config, appSecret: string): Promise<string> {
  if (config.telegram.delivery.kind === "webhook" && config.telegram.delivery.secret)
    return config.telegram.delivery.secret;
  const { createHmac } = await import("node:crypto");
  return createHmac("sha256", appSecret)
    .update("mouse/telegram-webhook/v1")
    .digest("base64url")
    .slice(0, 48);
}

/** Builds every part; nothing starts receiving or working yet. */
export function createParts({
  config,
  data,
  queues,
  services,
  logger,
  appSecret,
  publicUrl,
  notifier,
  knights,
  webhookGauge,
}: PartsDeps) {
  // One set of schedule operations for the bot, the dashboard and the API.
  const schedules = createScheduleControls({
    data,
    enqueue: knights.enqueue,
    run: { checkBudget: billingGate, writeTask: writeScheduledTask },
    minIntervalMs: config.schedules.minIntervalMs,
  });
  const executors = createApprovalExecutors({
    ...createKnightExecutors({ data, queues, logger }),
    schedule_task: createScheduleExecutor(data),
    [SCHEDULE_EDIT_KIND]: createScheduleEditExecutor(schedules),
  });
  const kingMouse = createKingMouse({
    data,
    models: services.models,
    logger,
    scheduleMinIntervalMs: config.schedules.minIntervalMs,
  });
  // Every channel decides through this; the effects run in a worker (start.ts).
  const approvals = createApprovals({ data, queues, logger });
  const brain: BrainPort = {
    async handleMessage(input) {
      const reply = await kingMouse.handleMessage(input);
      const frame = reply.screenshot
        ? await loadFrame(data, input.userId, reply.screenshot.frameId)
        : undefined;
      return {
        text: reply.text,
        ...(reply.approval ? { approval: reply.approval } : {}),
        ...(frame?.bytes ? { photo: frame.bytes } : {}),
      };
    },
  };
  const stripeDeps = { data, stripe: services.stripe };
  const billing: BillingPort = {
    checkoutUrl: async ({ customerId, plan }) =>
      (
        await createCheckout(stripeDeps, {
          customerId,
          plan,
          successUrl: `${publicUrl}/billing?checkout=done`,
          cancelUrl: `${publicUrl}/billing?checkout=cancelled`,
        })
      ).url,
    portalUrl: async ({ customerId }) =>
      (
        await createPortal(stripeDeps, { customerId, returnUrl: `${publicUrl}/billing` }).catch(
          () => undefined,
        )
      )?.url,
  };
  const bot = createBot({
    token: services.telegram.token,
    ...(services.telegram.apiRoot ? { apiRoot: services.telegram.apiRoot } : {}),
    data,
    logger,
    appSecret,
    adminIds: config.telegram.adminIds,
    dashboardUrl: publicUrl,
    brain,
    knights: {
      answer: ({ customerId, text }) => knights.answerForCustomer({ customerId, text }),
      relayCode: (input) => knights.relayCode(input),
      stop: (input) => knights.stopTask(input),
    },
    schedules,
    // Photos and documents: kept for the customer and put on the working knight's desktop.
    files: createInboundFiles({ data, orgo: services.orgo, logger }),
    billing,
    broadcast: notifier.broadcast,
    approvals,
    logins: pastedLogins(data, appSecret, logger),
  });
  /** The web routes these parts serve. */
  const routes = async (): Promise<Hono[]> => {
    const list: Hono[] = [];
    if (services.stripeWebhookSecret) {
      list.push(
        createStripeWebhookRoutes({
          data,
          stripe: services.stripe,
          webhookSecret: services.stripeWebhookSecret,
          production: config.env === "production",
          notifier,
          logger,
        }) as unknown as Hono,
      );
    }
    if (config.telegram.delivery.kind === "webhook") {
      list.push(
        createTelegramWebhookRoutes({
          secret: await webhookSecret(config, appSecret),
          queues,
          data,
          ...(webhookGauge ? { gauge: webhookGauge } : {}),
        }) as unknown as Hono,
      );
    }
    return list;
  };
  return {
    notifier,
    knights,
    executors,
    approvals,
    schedules,
    kingMouse,
    brain,
    billing,
    bot,
    routes,
    stripeDeps,
    webhookGauge,
  };
}

export type Parts = ReturnType<typeof createParts>;

/** Logins pasted into chat, sealed under APP_SECRET and saved into the customer's vault. */
function pastedLogins(data: Data, appSecret: string, logger: Logger) {
  const secrets = createSecretStore({
    data,
    keyring: createKeyring({ current: appSecret }),
    logger,
  });
  return createPastedLogins({ secrets, vault: createVault({ data, secrets }) });
}
