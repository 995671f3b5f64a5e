/**
 * The Worker in workerd (`wrangler dev`'s runtime, started through wrangler's
 * API) against the local PostgreSQL through a local Hyperdrive, next to a real
 * Node worker process (`startMouse({ role: "worker" })`): a customer writes to
 * the bot, the sandbox Bot API delivers the update to the Worker's webhook,
 * and the reply comes from the Node worker through the sandbox Bot API.
 *
 * Needs a PostgreSQL server: DATABASE_URL, or 127.0.0.1:5432 as user
 * postgres. It creates a database of its own and drops it afterwards; it
 * fails (never skips) when no server answers.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Unstable_DevWorker, unstable_dev } from "wrangler";
import { createLoginLink } from "../auth/index.ts";
import { createStripeClient } from "../billing/stripe-client.ts";
import { createConfig } from "../config/index.ts";
import { createData, migrate } from "../db/index.ts";
import { createLogger } from "../observability/index.ts";
import { type Mouse, startMouse } from "../runtime/index.ts";
import {
  DEFAULT_BOT,
  type RunningTelegramSandbox,
  startTelegramSandbox,
} from "../sandbox/telegram/index.ts";
import { testNamespace } from "../testing/index.ts";

const SERVER = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const WEBHOOK_SECRET = "edge_webhook_secret_0123";
const STRIPE_WEBHOOK_SECRET = "whsec_edge_local_test";
const APP_SECRET = "edge-test-app-secret-0123456789abcdef";
const CHAT = 440_001;

/** A fresh database on the server; fails with what to do when there is no server. */
async function createServerDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `mouse_edge_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: SERVER, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `The Workers test needs a PostgreSQL server at ${SERVER.replace(/:[^:@/]*@/, ":***@")} ` +
        `(set DATABASE_URL, or run one on 127.0.0.1:5432): ${(error as Error).message}`,
    );
  }
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: SERVER });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

describe("the Worker in workerd with a Node worker behind it", () => {
  let database: Awaited<ReturnType<typeof createServerDatabase>>;
  let telegram: RunningTelegramSandbox;
  let worker: Unstable_DevWorker;
  let workerUrl: string;
  let mouse: Mouse;

  beforeAll(async () => {
    database = await createServerDatabase();
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    try {
      await migrate(pool, { queue: true });
    } finally {
      await pool.end();
    }
    telegram = await startTelegramSandbox({ limits: false });

    // workerd's local Hyperdrive insists on a password; trust authentication ignores it.
    const local = new URL(database.url);
    if (!local.password) local.password = "unused";
    process.env.CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE = local.toString();
    worker = await unstable_dev("edge/worker.ts", {
      config: "wrangler.toml",
      ip: "127.0.0.1",
      port: 0,
      persist: false,
      logLevel: process.env.TEST_LOG ? "info" : "none",
      vars: {
        TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_SECRET_KEY: "sk_test_edge",
        STRIPE_WEBHOOK_SECRET,
        APP_SECRET,
        TELEGRAM_BOT_USERNAME: DEFAULT_BOT.username,
        LOG_LEVEL: process.env.TEST_LOG ?? "silent",
      },
      experimental: { disableExperimentalWarning: true, disableDevRegistry: true },
    });
    workerUrl = `http://${worker.address}:${worker.port}`;

    mouse = await startMouse({
      role: "worker",
      config: createConfig({
        NODE_ENV: "test",
        DATA_DIR: await mkdtemp(join(tmpdir(), "mouse-edge-")),
        PORT: "0",
        DATABASE_URL: database.url,
        PUBLIC_URL: workerUrl,
        TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
        TELEGRAM_BOT_TOKEN: DEFAULT_BOT.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        APP_SECRET,
      }),
      logger: createLogger({ level: process.env.TEST_LOG ?? "silent" }),
      namespace: testNamespace(),
      drainMs: 1_000,
    });
    await mouse.ready;
  });

  afterAll(async () => {
    await mouse?.shutdown("test");
    await worker?.stop();
    await telegram?.close();
    await database?.drop();
  });

  it("answers a customer whose update reached the Worker's webhook, from the Node worker", async () => {
    const ready = await fetch(`${workerUrl}/readyz`);
    expect(await ready.json()).toEqual({ status: "ready", checks: { database: "ok" } });

    // What an operator does once per deployment: point Telegram at the Worker.
    const set = await fetch(`${telegram.apiRoot}/bot${DEFAULT_BOT.token}/setWebhook`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: `${workerUrl}/telegram/webhook`, secret_token: WEBHOOK_SECRET }),
    });
    expect(await set.json()).toMatchObject({ ok: true, result: true });

    telegram.sandbox.users.get(CHAT).sendText("/help");
    const reply = await telegram.sandbox.waitForBotMessage(CHAT, { timeoutMs: 20_000 });
    expect(reply.text).toMatch(/^King Mouse 🐭 hires AI workers/);
    expect(reply.text).toContain("/help — this message");

    // The path it took: the Worker marked the update seen (no Node process
    // serves the webhook here), the relay queued it under the route's job id
    // and emptied the hand-off table, and the Node worker ran it.
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    try {
      const seen = await pool.query<{ event_id: string }>(
        "select event_id from public.webhook_events where provider = 'telegram'",
      );
      expect(seen.rows).toHaveLength(1);
      const { queues } = await mouse.ready;
      const updateId = Number(seen.rows[0]!.event_id);
      const job = await queues.queue<{ update_id: number }>("updates").getJob(`tg-${updateId}`);
      // A finished update job is removed at once (it carries the customer's text); one still
      // there is this update's, sending its reply from inside the job.
      if (job) {
        expect(job.data.update_id).toBe(updateId);
        expect(["active", "completed"]).toContain(await job.getState());
      }
      const left = await pool.query("select count(*)::int as n from public.edge_handoffs");
      expect(left.rows).toEqual([{ n: 0 }]);
    } finally {
      await pool.end();
    }
  });

  it("refuses a forged webhook and checks Stripe signatures with WebCrypto inside workerd", async () => {
    const forged = await fetch(`${workerUrl}/telegram/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "nope" },
      body: JSON.stringify({ update_id: 1 }),
    });
    expect(forged.status).toBe(401);

    const payload = JSON.stringify({
      id: "evt_edge_1",
      object: "event",
      type: "customer.created",
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: "cus_edge_1", object: "customer" } },
    });
    const stripe = createStripeClient({ secretKey: "sk_test_edge" });
    const post = (signature: string) =>
      fetch(`${workerUrl}/stripe/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": signature },
        body: payload,
      });
    const signed = await post(
      stripe.webhooks.generateTestHeaderString({ payload, secret: STRIPE_WEBHOOK_SECRET }),
    );
    expect(await signed.json()).toEqual({ received: true, outcome: "ignored" });
    const wrong = await post(
      stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_someone_else" }),
    );
    expect(wrong.status).toBe(400);
  });

  it("serves the dashboard and the JSON API: a bot login link signs in, the API answers as that user", async () => {
    expect((await fetch(`${workerUrl}/api/me`)).status).toBe(401);
    const login = await fetch(`${workerUrl}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain(DEFAULT_BOT.username);

    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    let userId: string;
    let token: string;
    try {
      const { rows } = await pool.query<{ id: string }>(
        "insert into public.users (telegram_user_id, display_name) values (440002, 'Edge Owner') returning id",
      );
      userId = rows[0]!.id;
      ({ token } = await createLoginLink(createData({ pool }), userId));
    } finally {
      await pool.end();
    }
    const signIn = await fetch(`${workerUrl}/login/${token}`, { redirect: "manual" });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.get("set-cookie")?.split(";")[0];
    expect(cookie).toMatch(/^__Host-mouse_session=/);
    const me = await fetch(`${workerUrl}/api/me`, { headers: { cookie: cookie! } });
    expect(await me.json()).toMatchObject({ userId, displayName: "Edge Owner", isAdmin: false });
    // The link was single-use.
    expect((await fetch(`${workerUrl}/login/${token}`, { redirect: "manual" })).status).toBe(401);
  });

  it("serves concurrent requests, each on connections of its own (workerd refuses shared sockets)", async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => fetch(`${workerUrl}/readyz`).then((r) => r.json())),
    );
    expect(answers).toEqual(
      Array.from({ length: 12 }, () => ({ status: "ready", checks: { database: "ok" } })),
    );
  });
});
