/**
 * End to end in a real headless Chromium: the customer asks the bot (sandbox
 * Telegram, real grammY bot) for a dashboard link, signs in with it, opens
 * an employee's live view and watches the screen change as the sandbox VM
 * acts (and the knight's step beside it), then opens billing and sees the
 * usage chart. Screenshots land in test-artifacts/.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { InlineKeyboardButton } from "grammy/types";
import type { Hono } from "hono";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPgNotifyFramePublisher,
  createPostgresFrameStore,
} from "../agents/knights/frames.ts";
import { createOrgoClient, type OrgoClient } from "../agents/orgo/client.ts";
import { createApiRoutes } from "../api/api-routes.ts";
import { createApp } from "../api/app.ts";
import type { AppEnv } from "../api/env.ts";
import { createWebKit } from "../api/web-kit.ts";
import { listen, type RunningServer } from "../lib/http-server.ts";
import { watchButton } from "../notify/index.ts";
import { createLogger, createMetrics } from "../observability/index.ts";
import { type RunningOrgoSandbox, startOrgoSandbox } from "../sandbox/orgo/index.ts";
import { DEFAULT_BOT } from "../sandbox/telegram/index.ts";
import { APP_SECRET, type BotHarness, startBotHarness } from "../testing/index.ts";
import { createLiveView, type LiveView } from "./live/live-view.ts";
import { createDashboardRoutes } from "./routes.tsx";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = join(import.meta.dirname, "..", "test-artifacts");
const WORKSPACE = "00000000-0000-4000-8000-0000000000e2";
const TELEGRAM_ID = 640_001;

describe("dashboard in a real browser", () => {
  let bot: BotHarness;
  let orgo: RunningOrgoSandbox;
  let client: OrgoClient;
  let live: LiveView;
  let server: RunningServer;
  let browser: Browser;
  let computerId: string;
  const ids = { customer: "", user: "", employee: "", vm: "", task: "" };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is required at ${CHROMIUM}: apt-get update && apt-get install -y chromium`,
      );
    }
    await mkdir(ARTIFACTS, { recursive: true });
    bot = await startBotHarness({
      brain: { handleMessage: async ({ text }) => ({ text: `Noted: ${text}` }) },
    });
    orgo = await startOrgoSandbox({ workspaces: [{ id: WORKSPACE, name: "mouse" }] });
    client = createOrgoClient({
      apiKey: "sk_sandbox",
      baseUrl: orgo.baseUrl,
      workspaceId: WORKSPACE,
    });
    computerId = (await client.createComputer({ name: "mouse-e2e-knight" })).id;
    await client.waitForStatus(computerId, ["running"], { pollMs: 10 });

    const member = await bot.member(TELEGRAM_ID, { customerName: "Rosa's Bakery", plan: "pro" });
    ids.customer = member.customerId;
    ids.user = member.userId;
    await bot.data.asService("e2e: seed work", async (tx) => {
      const e = await tx.query<{ id: string }>(
        "insert into public.employees (customer_id, name, role_template, status) values ($1, 'Pixel', 'web_developer', 'working') returning id",
        [ids.customer],
      );
      ids.employee = e.rows[0]!.id;
      const v = await tx.query<{ id: string }>(
        "insert into public.vms (customer_id, employee_id, provider_id, status, started_at) values ($1, $2, $3, 'running', now()) returning id",
        [ids.customer, ids.employee, computerId],
      );
      ids.vm = v.rows[0]!.id;
      const t = await tx.query<{ id: string }>(
        "insert into public.tasks (customer_id, employee_id, request, status, step_count, started_at) values ($1, $2, 'Update the opening hours to 9-5', 'running', 1, now()) returning id",
        [ids.customer, ids.employee],
      );
      ids.task = t.rows[0]!.id;
      await tx.query(
        "insert into public.task_steps (customer_id, task_id, seq, action, status) values ($1, $2, 1, 'screenshot', 'done')",
        [ids.customer, ids.task],
      );
      // Usage on several days of this month for the chart.
      for (const [day, micros] of [
        [1, 1_200_000],
        [2, 400_000],
        [3, 2_600_000],
      ]) {
        await tx.query(
          `insert into public.usage_events (customer_id, kind, quantity, cost_micros, idempotency_key, occurred_at)
           values ($1, 'model_tokens', 1000, $2, $3,
                   least(now(), date_trunc('month', now() at time zone 'utc') at time zone 'utc' + make_interval(days => $4 - 1, hours => 12)))`,
          [ids.customer, micros, `e2e-${day}`, day],
        );
      }
    });

    const logger = createLogger({ level: process.env.TEST_LOG ?? "silent" });
    live = createLiveView({
      data: bot.data,
      orgo: client,
      logger,
      pool: bot.db.pool,
      options: { pollIntervalMs: 250 },
    });
    live.start();
    const kit = createWebKit({ data: bot.data, appSecret: APP_SECRET });
    const shared = {
      data: bot.data,
      appSecret: APP_SECRET,
      kit,
      logger,
      botUsername: "mouse_bot",
      approvals: bot.approvals,
    };
    const app = createApp({
      logger,
      metrics: createMetrics({ defaults: false }),
      readiness: () => [],
      api: createApiRoutes(shared),
      dashboard: createDashboardRoutes({
        ...shared,
        live,
        sandbox: { telegramUrl: bot.tg.url },
        miniApp: { botToken: DEFAULT_BOT.token },
      }),
    }) as unknown as Hono<AppEnv>;
    server = await listen(app);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await live?.stop();
    await server?.close();
    await orgo?.close();
    await bot?.close();
  });

  it("signs in with the bot's link, shows the live screen changing, then the usage chart", async () => {
    const user = bot.telegram.users.get(TELEGRAM_ID);
    user.sendText("/dashboard");
    const reply = await bot.next(user.chatId, "works once and expires in 10 minutes");
    const button = reply.reply_markup?.inline_keyboard[0]?.[0] as InlineKeyboardButton.UrlButton;
    const link = new URL(button.url);
    const signIn = `${server.url}${link.pathname}`;
    expect(signIn).toMatch(/\/login\/[A-Za-z0-9_-]{40,}$/);

    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("response", (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
    });

    await page.goto(signIn);
    expect(new URL(page.url()).pathname).toBe(`/c/${ids.customer}`);
    await page.getByRole("heading", { name: "Rosa's Bakery" }).waitFor();
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === "__Host-mouse_session")).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: "Lax",
    });
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-overview.png"), fullPage: true });

    await page.getByRole("link", { name: "Pixel" }).click();
    await page.waitForURL(`**/employees/${ids.employee}`);
    const frame = page.locator("img[data-frame]");
    await page.waitForFunction(() =>
      document.querySelector("img[data-frame]")?.getAttribute("data-sha"),
    );
    const firstSha = await frame.getAttribute("data-sha");
    await expect
      .poll(() => page.locator("[data-step]").textContent())
      .toContain("Update the opening hours to 9-5");
    expect(await page.locator("[data-live-status]").textContent()).toMatch(/^Live/);
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-live-before.png") });

    // The VM acts: the screen changes and the page shows the new one by itself.
    await client.type(computerId, "Opening hours: Mon-Fri 9-5");
    await client.key(computerId, "Return");
    await page.waitForFunction(
      (sha) => {
        const now = document.querySelector("img[data-frame]")?.getAttribute("data-sha");
        return now && now !== sha;
      },
      firstSha,
      { timeout: 15_000 },
    );
    const secondSha = await frame.getAttribute("data-sha");
    expect(secondSha).not.toBe(firstSha);
    expect(await frame.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1280);

    // The knight finishes step 2 and announces its own screenshot: the step beside the screen follows.
    await bot.data.asService("e2e: knight step", (tx) =>
      tx.query(
        "insert into public.task_steps (customer_id, task_id, seq, action, status) values ($1, $2, 2, 'type', 'done')",
        [ids.customer, ids.task],
      ),
    );
    const stored = await createPostgresFrameStore(bot.data).put({
      customerId: ids.customer,
      taskId: ids.task,
      vmId: ids.vm,
      bytes: orgo.sandbox.inspect.renderScreen(computerId),
      contentType: "image/png",
      width: 1280,
      height: 720,
    });
    await createPgNotifyFramePublisher(bot.data).publish({
      frameId: stored.id,
      customerId: ids.customer,
      taskId: ids.task,
      employeeId: ids.employee,
      vmId: ids.vm,
      seq: 2,
      contentType: "image/png",
      width: 1280,
      height: 720,
      at: new Date(),
    });
    await page.waitForFunction(
      () => document.querySelector("[data-step]")?.getAttribute("data-seq") === "2",
      undefined,
      {
        timeout: 15_000,
      },
    );
    expect(await page.locator("[data-step]").textContent()).toContain("step 2: type");
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-live-after.png") });

    await page.getByRole("link", { name: "Billing" }).click();
    await page.waitForURL("**/billing");
    const bars = page.locator('svg[data-chart="usage"] rect');
    expect(await bars.count()).toBeGreaterThanOrEqual(28);
    const heights = await bars.evaluateAll((rects) =>
      rects.map((r) => Number(r.getAttribute("height"))),
    );
    expect(heights.filter((h) => h > 0).length).toBeGreaterThanOrEqual(1);
    expect(await page.locator("figcaption").textContent()).toContain("$4.20");
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-billing.png"), fullPage: true });

    expect(problems).toEqual([]);
    await page.close();
  });

  it("chats with King Mouse in the Telegram simulator, inline buttons included", async () => {
    const page = await browser.newPage({ viewport: { width: 420, height: 800 } });
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    await page.addInitScript((id) => {
      localStorage.setItem("mouse-sim-user", String(id));
      localStorage.setItem("mouse-sim-name", "Rosa");
    }, TELEGRAM_ID);
    await page.goto(`${server.url}/simulator`);
    await page.getByRole("textbox", { name: "Message" }).fill("/start");
    await page.getByRole("button", { name: "Send" }).click();
    await page.getByRole("button", { name: "🖥 Dashboard" }).last().click();
    const open = page.getByRole("link", { name: "Open dashboard" }).last();
    await open.waitFor({ timeout: 15_000 });
    expect(await open.getAttribute("href")).toMatch(/\/login\/[A-Za-z0-9_-]{40,}$/);
    expect(await page.locator(".msg.user").last().textContent()).toBe("/start");
    await page.screenshot({ path: join(ARTIFACTS, "simulator.png"), fullPage: true });

    // A Mini App button (as a knight's message carries with an HTTPS PUBLIC_URL) opens
    // the live view in a panel, signed in from the initData the simulator signs.
    const target = `/c/${ids.customer}/employees/${ids.employee}`;
    await bot.notifier.send({
      chatId: TELEGRAM_ID,
      text: "🛡️ Pixel started: update the opening hours",
      buttons: [
        [
          watchButton("https://mouse.example.com", {
            customerId: ids.customer,
            employeeId: ids.employee,
          }),
        ],
      ],
    });
    await page.getByRole("button", { name: "👀 Watch / take over" }).last().click();
    const frame = page.frameLocator("[data-web-app-panel] iframe");
    await frame.locator("img[data-frame]").waitFor({ state: "attached", timeout: 15_000 });
    expect(
      await page
        .locator("[data-web-app-panel] iframe")
        .evaluate((f: HTMLIFrameElement) => new URL(f.contentWindow!.location.href).pathname),
    ).toBe(target);
    await page.screenshot({ path: join(ARTIFACTS, "simulator-mini-app.png"), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
