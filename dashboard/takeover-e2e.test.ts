/**
 * Take-over end to end in a real headless Chromium: a knight works on a
 * sandbox desktop; its owner signs in, takes control on the employee page,
 * clicks on the screen and types, hands back with a note; the Orgo
 * sandbox's action log shows exactly those actions at the pixels under the
 * clicks, the knight's next model request carries the note and the
 * actions, and the task completes. A phone-sized page taps the same way.
 */

import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { sign } from "@tma.js/init-data-node";
import type { Hono } from "hono";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningKnights, startKnights } from "../agents/knights/start.ts";
import { type Harness, startHarness } from "../agents/knights/test-harness.ts";
import { createApiRoutes } from "../api/api-routes.ts";
import { createApp } from "../api/app.ts";
import type { AppEnv } from "../api/env.ts";
import { createWebKit } from "../api/web-kit.ts";
import { createApprovals } from "../approvals/index.ts";
import { createLoginLink } from "../auth/index.ts";
import { listen, type RunningServer } from "../lib/http-server.ts";
import { createLogger, createMetrics } from "../observability/index.ts";
import { createScriptedBrain, type NormalizedRequest } from "../sandbox/models/index.ts";
import { createLiveView, type LiveView } from "./live/live-view.ts";
import { createDashboardRoutes } from "./routes.tsx";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = join(import.meta.dirname, "..", "test-artifacts");
const APP_SECRET = "takeover-e2e-secret-0123456789abcdef01234567";
const BOT_TOKEN = "7000003:AAH-takeover-e2e-0123456789abcdefghij";

/** The knight's model requests (as the sandbox parsed them off the wire) after a hand-back. */
const afterHandback: string[] = [];
const brain = createScriptedBrain({
  decide: (request: NormalizedRequest) => {
    const text = JSON.stringify(request.messages);
    if (!text.includes("[e2e-takeover]")) return undefined;
    if (text.includes("handed the controls back")) {
      afterHandback.push(text);
      return { text: "Logged in and finished the report." };
    }
    return { computer: [{ action: "wait", duration: 0.05 }] };
  },
});

describe("take-over in a real browser", () => {
  let h: Harness;
  let knights: RunningKnights;
  let live: LiveView;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium is required at ${CHROMIUM}: apt-get install -y chromium`);
    await mkdir(ARTIFACTS, { recursive: true });
    h = await startHarness({ queue: "postgres", database: "pglite", brain });
    knights = await startKnights(h.deps());
    const logger = createLogger({ level: process.env.TEST_LOG ?? "silent" });
    live = createLiveView({
      data: h.data,
      orgo: h.orgoClient(),
      logger,
      pool: h.db.pool,
      localFrames: knights.liveFrames,
      options: { pollIntervalMs: 250 },
    });
    live.start();
    const kit = createWebKit({ data: h.data, appSecret: APP_SECRET });
    const shared = {
      data: h.data,
      appSecret: APP_SECRET,
      kit,
      logger,
      botUsername: "mouse_bot",
      control: knights.control,
      approvals: createApprovals({ data: h.data, logger }),
    };
    const app = createApp({
      logger,
      metrics: createMetrics({ defaults: false }),
      readiness: () => [],
      api: createApiRoutes(shared),
      dashboard: createDashboardRoutes({ ...shared, live, miniApp: { botToken: BOT_TOKEN } }),
    }) as unknown as Hono<AppEnv>;
    server = await listen(app);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await live?.stop();
    await server?.close();
    await knights?.close();
    await h?.close();
  });

  /** Deploys a knight and waits until it works on its desktop. */
  const startTask = async (owner: { customerId: string; userId: string }, task: string) => {
    const taskId = await h.deploy(owner, { role: "researcher", task });
    const deadline = Date.now() + 20_000;
    while ((await h.task(taskId)).step_count < 1) {
      if (Date.now() > deadline) throw new Error("the knight never started");
      await new Promise((r) => setTimeout(r, 20));
    }
    const rows = await h.query<{ employee_id: string; provider_id: string }>(
      `select t.employee_id, v.provider_id from public.tasks t
         join public.vms v on v.employee_id = t.employee_id where t.id = $1`,
      [taskId],
    );
    return { taskId, employeeId: rows[0]!.employee_id, computerId: rows[0]!.provider_id };
  };
  const signIn = async (page: Page, userId: string) => {
    const { token } = await createLoginLink(h.data, userId);
    await page.goto(`${server.url}/login/${token}`);
  };
  /** The desktop pixel under a point of the screen image, computed from its displayed box. */
  const pixelUnder = async (page: Page, fx: number, fy: number) => {
    const img = page.locator("img[data-frame]");
    const box = (await img.boundingBox())!;
    const natural = await img.evaluate((el: HTMLImageElement) => [
      el.naturalWidth,
      el.naturalHeight,
    ]);
    const [w, h2] = natural as [number, number];
    const scale = Math.min(box.width / w, box.height / h2);
    const left = box.x + (box.width - w * scale) / 2;
    const top = box.y + (box.height - h2 * scale) / 2;
    // Mouse events carry whole CSS pixels: aim at one.
    const at = { x: Math.round(left + w * scale * fx), y: Math.round(top + h2 * scale * fy) };
    return {
      at,
      pixel: { x: Math.floor((at.x - left) / scale), y: Math.floor((at.y - top) / scale) },
    };
  };

  it("takes control from the dashboard, clicks and types, hands back with a note; the knight finishes", async () => {
    const owner = await h.customer();
    await h.query("update public.users set display_name = 'Rosa' where id = $1", [owner.userId]);
    const { taskId, employeeId, computerId } = await startTask(
      owner,
      "[e2e-takeover] file the report",
    );

    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    await signIn(page, owner.userId);
    await page.goto(`${server.url}/c/${owner.customerId}/employees/${employeeId}`);
    await page.waitForFunction(() =>
      document.querySelector("img[data-frame]")?.getAttribute("data-sha"),
    );
    await page.getByRole("button", { name: "Take control" }).click();
    await page.locator('[data-control][data-state="mine-active"]').waitFor({ timeout: 20_000 });
    expect((await h.task(taskId)).paused_reason).toBe("takeover");
    const before = h.orgo.inspect.actions(computerId).length;

    const first = await pixelUnder(page, 0.25, 0.4);
    await page.mouse.click(first.at.x, first.at.y);
    await page.locator("[data-control][data-acted]").waitFor();
    await page.keyboard.type("rosa@bakery.example");
    await page.keyboard.press("Enter");
    const second = await pixelUnder(page, 0.7, 0.15);
    await page.mouse.click(second.at.x, second.at.y);
    await expect
      .poll(() => h.orgo.inspect.actions(computerId).length - before, { timeout: 20_000 })
      .toBe(4);
    expect(
      h.orgo.inspect
        .actions(computerId)
        .slice(before)
        .map((a) => [a.type, a.params]),
    ).toEqual([
      ["click", { ...first.pixel, button: "left", double: false }],
      ["type", expect.objectContaining({ text: "rosa@bakery.example" })],
      ["key", { key: "Return" }],
      ["click", { ...second.pixel, button: "left", double: false }],
    ]);
    // The page painted the screen after the last action: the step it shows is the last of
    // the four recorded (each commits after its Orgo call, so both sides are read again until
    // they agree; a poll may replace the picture later: the clock ticks).
    const lastRecorded = async () => {
      const [{ seq }] = (await h.query<{ seq: number }>(
        "select max(seq) as seq from public.task_steps where task_id = $1 and action like 'customer\\_%'",
        [taskId],
      )) as [{ seq: number }];
      return String(seq);
    };
    await expect
      .poll(
        async () =>
          (await page.locator("[data-control]").getAttribute("data-acted")) ===
          (await lastRecorded()),
        { timeout: 20_000 },
      )
      .toBe(true);
    expect(
      await h.query(
        "select 1 from public.task_steps where task_id = $1 and action like 'customer\\_%'",
        [taskId],
      ),
    ).toHaveLength(4);
    await page.screenshot({ path: join(ARTIFACTS, "takeover-controlling.png") });

    await page.getByLabel("Note for the knight").fill("I logged in, carry on");
    await page.getByRole("button", { name: "Hand back" }).click();
    const done = await h.waitFor(taskId, ["succeeded", "failed"], 30_000);
    expect(done.status).toBe("succeeded");
    const request = afterHandback[0]!;
    expect(request).toContain("I logged in, carry on");
    expect(request).toContain("Rosa took the controls and did:");
    expect(request).toContain("typed 19 characters");
    expect(request).toContain("key Return");
    expect(request).not.toContain("rosa@bakery.example");
    await expect
      .poll(() => page.locator("[data-control-status]").textContent(), { timeout: 20_000 })
      .toMatch(/knight has the controls|Handed back/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("opens as a Telegram Mini App: signed in from initData, in Telegram's colours, ready to take over", async () => {
    const owner = await h.customer();
    const { taskId, employeeId } = await startTask(owner, "[e2e-takeover] mini app");
    const initData = sign(
      { user: { id: owner.chatId, first_name: "Rosa" } },
      BOT_TOKEN,
      new Date(),
    );
    const theme = {
      bg_color: "#17212b",
      secondary_bg_color: "#232e3c",
      text_color: "#f5f5f5",
      hint_color: "#708499",
      button_color: "#5288c1",
    };
    const target = `/c/${owner.customerId}/employees/${employeeId}`;
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
    });
    const page = await context.newPage();
    const launch = new URLSearchParams({
      tgWebAppData: initData,
      tgWebAppVersion: "8.0",
      tgWebAppPlatform: "android",
      tgWebAppThemeParams: JSON.stringify(theme),
    });
    await page.goto(`${server.url}/tg/app?to=${encodeURIComponent(target)}#${launch}`);
    await page.waitForURL(`**${target}`);
    await page.getByRole("button", { name: "Take control" }).waitFor();
    const colours = await page.evaluate(() => [
      getComputedStyle(document.body).backgroundColor,
      getComputedStyle(document.body).color,
    ]);
    expect(colours).toEqual(["rgb(23, 33, 43)", "rgb(245, 245, 245)"]);
    await page.screenshot({ path: join(ARTIFACTS, "takeover-mini-app.png"), fullPage: true });
    // A forged initData signs nobody in: the page says so.
    const forged = await context.newPage();
    await context.clearCookies();
    launch.set("tgWebAppData", initData.replace(/hash=[0-9a-f]{2}/, "hash=00"));
    await forged.goto(`${server.url}/tg/app?to=${encodeURIComponent(target)}#${launch}`);
    await expect
      .poll(() => forged.locator("[data-mini-app-status]").textContent(), { timeout: 20_000 })
      .toBe("Telegram's sign-in data did not check out");
    await context.close();
    await knights.cancelTask(taskId);
  });

  it("on a phone: taps become clicks and the on-screen keys work", async () => {
    const owner = await h.customer();
    const { taskId, employeeId, computerId } = await startTask(owner, "[e2e-takeover] phone");
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
    });
    const page = await context.newPage();
    await signIn(page, owner.userId);
    await page.goto(`${server.url}/c/${owner.customerId}/employees/${employeeId}`);
    await page.waitForFunction(() =>
      document.querySelector("img[data-frame]")?.getAttribute("data-sha"),
    );
    await page.getByRole("button", { name: "Take control" }).tap();
    await page.locator('[data-control][data-state="mine-active"]').waitFor({ timeout: 20_000 });
    const before = h.orgo.inspect.actions(computerId).length;
    const spot = await pixelUnder(page, 0.5, 0.5);
    await page.touchscreen.tap(spot.at.x, spot.at.y);
    await page.getByLabel("Text to type on the desktop").fill("42");
    await page.getByRole("button", { name: "Type", exact: true }).tap();
    await page.getByRole("button", { name: "Enter ⏎" }).tap();
    await expect
      .poll(() => h.orgo.inspect.actions(computerId).length - before, { timeout: 20_000 })
      .toBe(3);
    expect(
      h.orgo.inspect
        .actions(computerId)
        .slice(before)
        .map((a) => [a.type, a.params]),
    ).toEqual([
      ["click", { ...spot.pixel, button: "left", double: false }],
      ["type", expect.objectContaining({ text: "42" })],
      ["key", { key: "Return" }],
    ]);
    await page.screenshot({ path: join(ARTIFACTS, "takeover-phone.png"), fullPage: true });
    await page.getByRole("button", { name: "Hand back" }).tap();
    expect((await h.waitFor(taskId, ["succeeded", "failed"], 30_000)).status).toBe("succeeded");
    await context.close();
  });
});
