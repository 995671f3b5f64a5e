import { describe, expect, it } from "vitest";
import { createConfig } from "../config/index.ts";
import { webhookSecret } from "../runtime/parts.ts";
import { createEdgeConfig, deriveWebhookSecret, EdgeConfigError } from "./env.ts";
import worker from "./worker.ts";

const HYPERDRIVE = { connectionString: "postgres://user:pw@hyperdrive.local:5432/db" };
const APP_SECRET = "an-app-secret-of-at-least-32-characters!";

describe("the Worker's configuration", () => {
  it("derives the same webhook secret from APP_SECRET as the Node processes, so either can take the webhook", async () => {
    const node = await webhookSecret(
      createConfig({ APP_SECRET, PUBLIC_URL: "https://mouse.example.com" }),
      APP_SECRET,
    );
    expect(await deriveWebhookSecret(APP_SECRET)).toBe(node);
    const config = await createEdgeConfig({
      HYPERDRIVE,
      APP_SECRET,
      TELEGRAM_BOT_USERNAME: "mouse_bot",
      PUBLIC_URL: "https://mouse.example.com/",
    });
    expect(config).toEqual({
      databaseUrl: HYPERDRIVE.connectionString,
      logLevel: "info",
      telegramWebhookSecret: node,
      // APP_SECRET also turns on the dashboard and the JSON API.
      web: {
        appSecret: APP_SECRET,
        botUsername: "mouse_bot",
        publicUrl: "https://mouse.example.com",
      },
    });
  });

  it("prefers TELEGRAM_WEBHOOK_SECRET and serves Stripe only with both Stripe secrets", async () => {
    const config = await createEdgeConfig({
      HYPERDRIVE,
      TELEGRAM_WEBHOOK_SECRET: "given_secret",
      STRIPE_SECRET_KEY: "sk_test_123",
      STRIPE_WEBHOOK_SECRET: "whsec_abc",
      LOG_LEVEL: "warn",
    });
    expect(config).toEqual({
      databaseUrl: HYPERDRIVE.connectionString,
      logLevel: "warn",
      telegramWebhookSecret: "given_secret",
      stripe: { secretKey: "sk_test_123", webhookSecret: "whsec_abc" },
    });
  });

  it("names every binding that is missing or malformed", async () => {
    const problems = async (bindings: Record<string, unknown>) => {
      try {
        await createEdgeConfig(bindings as never);
      } catch (error) {
        expect(error).toBeInstanceOf(EdgeConfigError);
        return (error as EdgeConfigError).problems;
      }
      throw new Error("expected a configuration error");
    };
    expect(await problems({})).toEqual([
      "HYPERDRIVE binding is missing (see [[hyperdrive]] in wrangler.toml)",
      "TELEGRAM_WEBHOOK_SECRET or APP_SECRET must be set (the webhook's secret token)",
    ]);
    expect(await problems({ HYPERDRIVE, APP_SECRET, STRIPE_SECRET_KEY: "sk_live_x" })).toEqual([
      "STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET must be set together",
      "TELEGRAM_BOT_USERNAME must be set with APP_SECRET (the dashboard's deep links)",
    ]);
    expect(
      await problems({ HYPERDRIVE, TELEGRAM_WEBHOOK_SECRET: "has spaces", APP_SECRET: "short" }),
    ).toEqual([
      "APP_SECRET must be at least 32 characters (e.g. openssl rand -hex 32)",
      "TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ -",
    ]);
  });

  it("answers 500 without details when the Worker is not configured", async () => {
    const waits: Promise<unknown>[] = [];
    const response = await worker.fetch(
      new Request("https://edge.example.com/telegram/webhook", { method: "POST" }),
      { HYPERDRIVE },
      { waitUntil: (p) => void waits.push(p), passThroughOnException: () => {}, props: {} },
    );
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: { status: 500, message: "The Worker is not configured" },
    });
  });
});
