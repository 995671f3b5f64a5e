import { existsSync } from "node:fs";
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InlineKeyboardButton, Message } from "grammy/types";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConfig } from "../config/index.ts";
import { createLogger } from "../observability/index.ts";
import { testNamespace } from "../testing/index.ts";
import { type Mouse, startMouse } from "./index.ts";

/**
 * The no-keys demo, end to end, through one real `npm start`-style process:
 * a customer scans the seeded QR invite in the sandbox Telegram, onboards,
 * asks King Mouse for work, approves with one tap, and a knight does it on a
 * sandbox Orgo desktop and reports back with a final screenshot.
 */
describe("the whole product on embedded defaults with every service sandboxed", () => {
  let mouse: Mouse;
  let ready: Awaited<Mouse["ready"]>;
  beforeAll(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "mouse-e2e-"));
    mouse = await startMouse({
      role: "all",
      config: createConfig({ DATA_DIR: dataDir, PORT: "0" }),
      logger: createLogger({ level: process.env.TEST_LOG ?? "silent" }),
      namespace: testNamespace(),
    });
    ready = await mouse.ready;
  });
  afterAll(() => mouse?.shutdown("test"));

  /** A customer with an owner on Telegram, asking for work; returns the chat's approval card. */
  const askForWork = async (telegramId: number, business: string) => {
    const telegram = ready.sandboxes.telegram!.sandbox;
    await ready.db.pool.query(
      `with c as (insert into public.customers (name) values ($1) returning id),
            u as (insert into public.users (telegram_user_id, display_name) values ($2, $1) returning id)
       insert into public.memberships (user_id, customer_id, role) select u.id, c.id, 'owner' from u, c`,
      [business, telegramId],
    );
    const user = telegram.users.get(telegramId, { first_name: "Owner" });
    const next = (test: (m: Message) => boolean, timeoutMs = 30_000) =>
      user.waitForBotMessage({ timeoutMs, predicate: test });
    user.sendText(
      "Please deploy a web developer to update the opening hours on our website to 9-5",
    );
    const card = await next((m) => Boolean(m.reply_markup));
    const { rows } = await ready.db.pool.query<{ id: string; customer_id: string }>(
      `select a.id, a.customer_id from public.approvals a join public.customers c on c.id = a.customer_id
        where c.name = $1 and a.status = 'pending'`,
      [business],
    );
    expect(rows, "King Mouse should have asked for approval").toHaveLength(1);
    user.sendText("/dashboard");
    const link = await next((m) => (m.text ?? "").includes("expires in 10 minutes"));
    const url = (
      link.reply_markup?.inline_keyboard[0]?.[0] as InlineKeyboardButton.UrlButton | undefined
    )?.url;
    expect(url).toMatch(/\/login\//);
    return { user, next, card, approval: rows[0]!, loginUrl: url! };
  };

  /** What the customer then gets: the knight's final screenshot, one task, and a dead Approve button. */
  const expectWorkDone = async ({
    user,
    next,
    card,
    approval,
  }: Awaited<ReturnType<typeof askForWork>>) => {
    const done = await next((m) => (m.photo?.length ?? 0) > 0, 90_000);
    expect(done.caption ?? "").toMatch(/done|finished|complete/i);
    const { rows } = await ready.db.pool.query<{ status: string; effect_status: string }>(
      `select t.status, a.effect_status from public.tasks t join public.approvals a on a.id = t.approval_id
        where t.approval_id = $1`,
      [approval.id],
    );
    expect(rows).toEqual([{ status: "succeeded", effect_status: "done" }]);
    const approve = (
      (card.reply_markup?.inline_keyboard.flat() ?? []) as InlineKeyboardButton.CallbackButton[]
    ).find((b) => b.text.includes("Approve"))!;
    const answer = await user.pressButton(card, approve.callback_data).waitForAnswer();
    expect(answer.text).toBe("Already approved.");
  };

  it("onboards from the demo QR code, deploys a knight after one tap, and reports the result with a screenshot", async () => {
    const telegram = ready.sandboxes.telegram!.sandbox;
    const user = telegram.users.get(100_000_050, { first_name: "Dana" });
    const next = (includes: string, timeoutMs = 15_000): Promise<Message> =>
      user.waitForBotMessage({
        timeoutMs,
        predicate: (m) => (m.text ?? m.caption ?? "").includes(includes),
      });

    user.start("demo_invite_0000000000000001");
    await next("What's your business called?");
    user.sendText("Dana's Flowers");
    await next("What do you need help with?");
    user.sendText("Keep our website's opening hours current");
    const plans = await next("Pick a plan");
    user.pressButton(plans, "plan:free");
    await next("You're all set on the Free plan");

    user.sendText(
      "Please deploy a web developer to update the opening hours on our website to 9-5",
    );
    // Approve / Deny sit under the product's card for the approval, after King Mouse's words.
    const ask = await user.waitForBotMessage({
      timeoutMs: 30_000,
      predicate: (m) => (m.reply_markup?.inline_keyboard.length ?? 0) > 0,
    });
    const approve = (
      ask.reply_markup?.inline_keyboard.flat() as InlineKeyboardButton.CallbackButton[] | undefined
    )?.find((b) => b.text.includes("Approve"));
    expect(approve, `King Mouse should ask for approval, said: ${ask.text}`).toBeDefined();
    user.pressButton(ask, approve!.callback_data);

    const done = await user.waitForBotMessage({
      timeoutMs: 90_000,
      predicate: (m) => (m.photo?.length ?? 0) > 0,
    });
    expect(done.caption ?? "").toMatch(/done|finished|complete/i);

    const { rows } = await ready.db.pool.query<{ status: string; steps: number; frames: number }>(
      `select t.status, (select count(*) from public.task_steps s where s.task_id = t.id)::int as steps,
              (select count(*) from public.frames f where f.task_id = t.id)::int as frames
         from public.tasks t join public.customers c on c.id = t.customer_id
        where c.name = 'Dana''s Flowers'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe("succeeded");
    expect(rows[0]!.steps).toBeGreaterThanOrEqual(3);
    expect(rows[0]!.frames).toBeGreaterThanOrEqual(1);
    const orgo = ready.sandboxes.orgo!.sandbox;
    expect(orgo.inspect.computers()).toHaveLength(1);
  });

  it("runs the work approved on the dashboard in Chromium, and the customer gets the screenshot in Telegram", async () => {
    const CHROMIUM = "/usr/bin/chromium";
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is required at ${CHROMIUM}`);
    const asked = await askForWork(100_000_061, "Approved on the Web Bakery");
    const browser: Browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    try {
      const page = await browser.newPage();
      await page.goto(asked.loginUrl);
      await page.goto(`${mouse.url}/c/${asked.approval.customer_id}/approvals`);
      await page
        .locator(`li[data-approval="${asked.approval.id}"]`)
        .getByRole("button", { name: "Approve" })
        .click();
      await page.waitForURL(/done=approved/);
      await expectWorkDone(asked);
      await page.reload();
      await expect
        .poll(() =>
          page.locator(`li[data-approval="${asked.approval.id}"]`).getAttribute("data-outcome"),
        )
        .toBe("done");
      const artifacts = join(import.meta.dirname, "..", "test-artifacts");
      await mkdir(artifacts, { recursive: true });
      await page.screenshot({ path: join(artifacts, "approvals-decided.png"), fullPage: true });
    } finally {
      await browser.close();
    }
  });

  it("runs the work approved through the JSON API", async () => {
    const asked = await askForWork(100_000_062, "Approved by API Bakery");
    const login = await fetch(asked.loginUrl, { redirect: "manual" });
    const cookie = login.headers.get("set-cookie")?.split(";")[0];
    expect(cookie).toMatch(/mouse_session=/);
    const res = await fetch(
      `${mouse.url}/api/customers/${asked.approval.customer_id}/approvals/${asked.approval.id}`,
      {
        method: "POST",
        headers: { cookie: cookie!, origin: mouse.url, "content-type": "application/json" },
        body: JSON.stringify({ decision: "approve" }),
      },
    );
    expect(await res.json()).toEqual({ outcome: "approved", status: "approved" });
    await expectWorkDone(asked);
  });
});
