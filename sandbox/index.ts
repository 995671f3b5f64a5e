/**
 * The one switch: every service without a key in the configuration is served
 * by its local sandbox, started in-process on a free loopback port, and the
 * real client code is pointed at it by base URL. Services with a key use the
 * real thing and are not started here. Supabase Storage (`./storage/`) is not
 * started either: without Supabase, delivered files stay in Postgres; tests
 * start it themselves to run the product's Storage mode.
 */
import { randomBytes } from "node:crypto";
import { type Config, SANDBOX_STRIPE_WEBHOOK_SECRET } from "../config/index.ts";
import {
  createKingMouseBrain,
  type RunningModelSandbox,
  startModelSandbox,
} from "./models/index.ts";
import { type RunningOrgoSandbox, startOrgoSandbox } from "./orgo/index.ts";
import { type RunningStripeSandbox, startStripeSandbox } from "./stripe/index.ts";
import {
  DEFAULT_BOT,
  type RunningTelegramSandbox,
  startTelegramSandbox,
} from "./telegram/index.ts";

/** Fixed sandbox credentials: they unlock nothing outside this process. */
export const SANDBOX = {
  orgoApiKey: "sk_sandbox",
  orgoWorkspaceId: "00000000-0000-4000-8000-0000000000b1",
  anthropicApiKey: "sk-ant-sandbox",
  openaiApiKey: "sk-openai-sandbox",
  stripeSecretKey: "sk_test_sandbox",
  stripeWebhookSecret: SANDBOX_STRIPE_WEBHOOK_SECRET,
  telegramBot: DEFAULT_BOT,
} as const;

export type Sandboxes = {
  telegram?: RunningTelegramSandbox;
  models?: RunningModelSandbox;
  orgo?: RunningOrgoSandbox;
  stripe?: RunningStripeSandbox;
  /** The secret sandbox Stripe signs events with: the published one, or in production a fresh one per start. */
  stripeWebhookSecret?: string;
  /** Names of the services served locally, for the start-up banner. */
  services: string[];
  close: () => Promise<void>;
};

/**
 * Starts the sandboxes the configuration needs. `webUrl` is where this
 * process serves `/stripe/webhook`, so sandbox Stripe can deliver signed events.
 */
export async function startSandboxes(
  config: Config,
  { webUrl }: { webUrl: string },
): Promise<Sandboxes> {
  const started: Sandboxes = { services: [], close: async () => {} };
  const closers: (() => Promise<void>)[] = [];
  try {
    if (config.telegram.bot.mode === "sandbox") {
      started.telegram = await startTelegramSandbox({});
      closers.push(started.telegram.close);
      started.services.push("telegram");
    }
    if (config.anthropic.mode === "sandbox" || config.openai.mode === "sandbox") {
      // The demo's model: King Mouse understands ordinary requests (see brain/king-mouse-brain.ts).
      started.models = await startModelSandbox({ brain: createKingMouseBrain() });
      closers.push(started.models.close);
      if (config.anthropic.mode === "sandbox") started.services.push("anthropic");
      if (config.openai.mode === "sandbox") started.services.push("openai");
    }
    if (config.orgo.mode === "sandbox") {
      started.orgo = await startOrgoSandbox({
        workspaces: [{ id: SANDBOX.orgoWorkspaceId, name: "mouse" }],
      });
      closers.push(started.orgo.close);
      started.services.push("orgo");
    }
    if (config.stripe.mode === "sandbox") {
      // Allowed in production (ALLOW_SANDBOX=stripe), the published secret would let
      // anyone sign events for /stripe/webhook: a fresh one only this process knows instead.
      const secret =
        config.env === "production"
          ? `whsec_${randomBytes(24).toString("hex")}`
          : SANDBOX.stripeWebhookSecret;
      started.stripe = await startStripeSandbox({
        apiKeys: [SANDBOX.stripeSecretKey],
        webhookEndpoints: [{ url: `${webUrl}/stripe/webhook`, secret }],
      });
      started.stripeWebhookSecret = secret;
      closers.push(started.stripe.close);
      started.services.push("stripe");
    }
  } catch (error) {
    await Promise.allSettled(closers.map((c) => c()));
    throw error;
  }
  started.close = async () => {
    await Promise.allSettled(closers.reverse().map((c) => c()));
  };
  return started;
}
