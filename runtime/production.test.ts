import { spawnSync } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { createConfig, SANDBOX_STRIPE_WEBHOOK_SECRET } from "../config/index.ts";
import { createLogger } from "../observability/index.ts";
import { testNamespace } from "../testing/index.ts";
import { startMouse } from "./index.ts";

const root = join(import.meta.dirname, "..");
const APP_SECRET = "production-process-test-0123456789abcdef";

describe("a production process and the sandboxes", () => {
  it("refuses to start with Stripe on its sandbox, in one line naming it", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "mouse-prod-"));
    const result = spawnSync(
      process.execPath,
      ["--import", "./runtime/register.js", "main.ts", "all"],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "",
          DATA_DIR: dataDir,
          NODE_ENV: "production",
          APP_SECRET,
          TELEGRAM_BOT_TOKEN: "123456:AAbbccddeeffgghhiijjkkll",
          ANTHROPIC_API_KEY: "sk-ant-real",
          OPENAI_API_KEY: "sk-openai-real",
          ORGO_API_KEY: "orgo-real",
        },
        encoding: "utf8",
        timeout: 120_000,
      },
    );
    expect(result.status).toBe(1);
    const stderr = result.stderr.trim();
    expect(stderr.split("\n")).toHaveLength(1);
    expect(stderr).toBe(
      "mouse: Invalid configuration: NODE_ENV=production but stripe is on its sandbox: set STRIPE_SECRET_KEY, or ALLOW_SANDBOX=stripe to run the stand-in on purpose",
    );
  });

  it("allowed on purpose, its /stripe/webhook still refuses events signed with the published secret", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "mouse-prod-"));
    const mouse = await startMouse({
      role: "all",
      config: createConfig({
        NODE_ENV: "production",
        APP_SECRET,
        DATA_DIR: dataDir,
        PORT: "0",
        LOG_LEVEL: "silent",
        ALLOW_SANDBOX: "telegram,anthropic,openai,orgo,stripe",
      }),
      logger: createLogger({ level: "silent" }),
      namespace: testNamespace(),
    });
    try {
      const { db } = await mouse.ready;
      const { rows } = await db.pool.query<{ id: string }>(
        "select id from public.customers where plan = 'free' order by created_at limit 1",
      );
      const customerId = rows[0]!.id;
      const event = {
        id: "evt_forged_upgrade",
        object: "event",
        type: "checkout.session.completed",
        created: Math.floor(Date.now() / 1000),
        data: {
          object: {
            id: "cs_forged",
            object: "checkout.session",
            mode: "subscription",
            client_reference_id: customerId,
            customer: "cus_forged",
            metadata: { mouse_customer_id: customerId, mouse_plan: "team" },
          },
        },
      };
      const payload = JSON.stringify(event);
      const signature = new Stripe("sk_test_unused").webhooks.generateTestHeaderString({
        payload,
        secret: SANDBOX_STRIPE_WEBHOOK_SECRET,
      });
      const response = await fetch(`${mouse.url}/stripe/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": signature },
        body: payload,
      });
      expect(response.status).toBe(400);
      const seen = await db.pool.query(
        "select 1 from public.webhook_events where event_id = 'evt_forged_upgrade'",
      );
      expect(seen.rowCount).toBe(0);
      const linked = await db.pool.query<{ stripe_customer_id: string | null }>(
        "select stripe_customer_id from public.customers where id = $1",
        [customerId],
      );
      expect(linked.rows[0]?.stripe_customer_id).toBeNull();
    } finally {
      await mouse.shutdown("test");
    }
  }, 120_000);
});
