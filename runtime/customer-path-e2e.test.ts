/**
 * The whole customer path in a real headless Chromium against one
 * `npm start`-style process with every service sandboxed: onboarding from the
 * demo QR code in the Telegram simulator, a work request, the approval, the
 * task page, Checkout to Pro and back to the billing page, inviting a member
 * who joins as a member, and a suspension and reactivation the customer is
 * told about at once. Every page is also shown at 390 px (a phone), with
 * screenshots kept under `.artifacts/screens/` (CI keeps the folder), and
 * every text the customer reads — pages and chat — is checked for ids, tool
 * names and words cut off.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BRAIN_TOOLS } from "../agents/brain/tools/index.ts";
import { createLoginLink } from "../auth/index.ts";
import { createConfig } from "../config/index.ts";
import { createData } from "../db/index.ts";
import { createLogger } from "../observability/index.ts";
import { testNamespace } from "../testing/index.ts";
import { type Mouse, startMouse } from "./index.ts";

const CHROMIUM = "/usr/bin/chromium";
const SCREENS = join(import.meta.dirname, "..", ".artifacts", "screens");
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** A word cut off by a truncation: letters straight into an ellipsis ("Nothin…"). */
const CUT = /\p{L}{2,}(…|\.\.\.)(?=\s|$)/u;
/**
 * What the customer must never read: King Mouse's tool names. (The knights'
 * raw actions, "left_click" and the like, stay available on the task page
 * as the step's detail.)
 */
const TOOL_NAMES = BRAIN_TOOLS.map((tool) => tool.name);

/** The texts a person reads on the page (innerText: what is rendered, not hidden markup). */
// biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point
const visibleText = (page: Page) => page.evaluate(() => document.body.innerText);

/** Fails with the offending text if a customer-facing text shows internals. */
function expectCustomerText(where: string, shown: string) {
  // Links are addresses to follow, not text to read: a task page's link may carry its id.
  const text = shown.replace(/https?:\/\/\S+/g, "<link>");
  expect(text, `${where} shows an id`).not.toMatch(UUID);
  for (const name of TOOL_NAMES) {
    expect(text.includes(name), `${where} names the tool ${name}: ${text}`).toBe(false);
  }
  expect(text, `${where} cuts a word off`).not.toMatch(CUT);
}

describe("the customer path in a real browser, at 1280 px and 390 px", () => {
  let mouse: Mouse;
  let ready: Awaited<Mouse["ready"]>;
  let browser: Browser;
  let desktop: BrowserContext;
  let phone: BrowserContext;
  const shots: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is required at ${CHROMIUM}: apt-get install -y chromium`);
    }
    await mkdir(SCREENS, { recursive: true });
    const dataDir = await mkdtemp(join(tmpdir(), "mouse-path-"));
    mouse = await startMouse({
      role: "all",
      config: createConfig({ DATA_DIR: dataDir, PORT: "0" }),
      logger: createLogger({ level: process.env.TEST_LOG ?? "silent" }),
      namespace: testNamespace(),
    });
    ready = await mouse.ready;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    desktop = await browser.newContext({ viewport: DESKTOP });
    desktop.setDefaultTimeout(60_000);
    phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    phone.setDefaultTimeout(60_000);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await mouse?.shutdown("test");
  });

  /**
   * Checks the desktop page's texts, screenshots it, then opens the same
   * address on the phone (signed in as the same person) and checks that too.
   */
  const look = async (page: Page, name: string, { chat = false }: { chat?: boolean } = {}) => {
    // The simulator's transcript is checked message by message at the end.
    if (!chat) expectCustomerText(`${name} (1280 px)`, await visibleText(page));
    await page.screenshot({ path: join(SCREENS, `${name}-1280.png`), fullPage: true });
    await phone.addCookies(await page.context().cookies());
    const small = await phone.newPage();
    try {
      await small.goto(page.url());
      if (!chat) expectCustomerText(`${name} (390 px)`, await visibleText(small));
      // Nothing wider than the phone: no sideways scrolling of the whole page.
      const overflow = await small.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `${name} is wider than 390 px`).toBeLessThanOrEqual(1);
      await small.screenshot({ path: join(SCREENS, `${name}-390.png`), fullPage: true });
    } finally {
      await small.close();
    }
    shots.push(name);
  };

  /** The simulator chat's bot message containing `text` (waits for it). */
  const botMessage = (page: Page, text: string | RegExp, timeout = 60_000) => {
    const message = page.locator(".msg.bot", { hasText: text }).last();
    return message.waitFor({ timeout }).then(() => message);
  };
  const say = async (page: Page, text: string) => {
    await page.getByRole("textbox", { name: "Message" }).fill(text);
    await page.getByRole("button", { name: "Send" }).click();
  };

  it("onboards, gets work done, pays, invites, and is suspended and reactivated", async () => {
    const base = mouse.url;
    const chat = await desktop.newPage();

    // 1. Onboarding: the demo QR code opens the simulator with the invitation typed in.
    await chat.goto(`${base}/simulator?start=demo_invite_0000000000000001`);
    await chat.getByRole("button", { name: "Send" }).click();
    await botMessage(chat, "What's your business called?");
    await say(chat, "Dana's Flowers");
    await botMessage(chat, "What do you need help with?");
    await say(chat, "Keep our website's opening hours current");
    const plans = await botMessage(chat, "Pick a plan");
    await plans.getByRole("button", { name: /^Free/ }).click();
    await botMessage(chat, "You're all set on the Free plan");

    // 2. A work request, approved with one tap; the knight reports with a screenshot.
    await say(
      chat,
      "Please deploy a web developer to update the opening hours on our website to 9-5",
    );
    const card = await botMessage(chat, /.+/, 60_000).then(async () => {
      const withApprove = chat.locator(".msg.bot", {
        has: chat.getByRole("button", { name: /Approve/ }),
      });
      await withApprove.last().waitFor();
      return withApprove.last();
    });
    await card.getByRole("button", { name: /Approve/ }).click();
    await chat.locator(".msg.bot img.photo").last().waitFor({ timeout: 180_000 });
    await look(chat, "01-simulator-work-done", { chat: true });

    // 3. The dashboard, signed in from the bot's /dashboard link.
    await say(chat, "/dashboard");
    const linkMessage = await botMessage(chat, "expires in 10 minutes");
    const loginUrl = await linkMessage.locator("a.button").first().getAttribute("href");
    expect(loginUrl).toMatch(/\/login\//);
    const page = await desktop.newPage();
    await page.goto(loginUrl!);
    await page.waitForURL(/\/c\/[0-9a-f-]+$/);
    const customerUrl = page.url();
    const customerId = customerUrl.split("/c/")[1]!;
    await look(page, "02-overview");

    // 4. The task page of the work just done.
    await page
      .getByRole("navigation", { name: /sections/ })
      .getByRole("link", { name: "Tasks" })
      .click();
    await look(page, "03-tasks");
    await page.locator("a[href*='/tasks/']").first().click();
    await page.waitForURL(/\/tasks\/[0-9a-f-]+$/);
    await look(page, "04-task");

    // 5. Checkout to Pro and back to the billing page, which shows Pro.
    await page.goto(`${customerUrl}/billing`);
    await look(page, "05-billing-free");
    await page.getByRole("button", { name: "Subscribe to Pro" }).click();
    await page.getByRole("button", { name: "Pay" }).click();
    await page.waitForURL(/\/billing\?checkout=done$/);
    await expect
      .poll(
        async () => {
          await page.reload();
          return ((await page.locator("[data-plan]").textContent()) ?? "").trim();
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe("Pro");
    expect(await page.getByRole("button", { name: "Subscribe to Pro" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Switch to Team" }).count()).toBe(1);
    await look(page, "06-billing-pro");

    // 6. Inviting a member from the Team page; they join as a member, asked nothing.
    await page.goto(`${customerUrl}/team`);
    await page.getByLabel("Role").selectOption("member");
    await page.getByRole("button", { name: "Create invite" }).click();
    const invite = /start=([A-Za-z0-9_-]{16,64})/.exec(await page.content())?.[1];
    expect(invite, "the Team page shows the new invite").toBeDefined();
    await look(page, "07-team-invite");
    const memberContext = await browser.newContext({ viewport: PHONE, isMobile: true });
    const member = await memberContext.newPage();
    await member.goto(`${base}/simulator?start=${invite}`);
    await member.getByRole("button", { name: "Send" }).click();
    await botMessage(member, "You joined the team as a member");
    const joined = await member.locator(".msg.bot").allInnerTexts();
    expect(joined.join("\n")).not.toContain("What's your business called?");
    await member.screenshot({ path: join(SCREENS, "08-member-joined-390.png"), fullPage: true });
    const roles = await ready.db.pool.query<{ role: string }>(
      "select role from public.memberships where customer_id = $1 order by created_at",
      [customerId],
    );
    expect(roles.rows.map((r) => r.role)).toEqual(["owner", "member"]);

    // 7. Suspension with a reason: the customer is told at once and billing stays open.
    const admin = await ready.db.pool.query<{ id: string }>(
      "select id from public.users where is_platform_admin order by created_at limit 1",
    );
    const adminLink = await createLoginLink(createData(ready.db), admin.rows[0]!.id);
    const adminContext = await browser.newContext({ viewport: DESKTOP });
    const adminPage = await adminContext.newPage();
    adminPage.on("dialog", (dialog) => void dialog.accept());
    await adminPage.goto(`${base}/login/${adminLink.token}`);
    await adminPage.goto(`${base}/admin/customers`);
    const row = adminPage.locator(`tr[data-customer="${customerId}"]`);
    await row.getByLabel(/Reason for suspending/).fill("Your card was declined twice");
    await row.getByRole("button", { name: "Suspend" }).click();
    await adminPage.waitForURL(/\/admin\/customers$/);
    const notice = await botMessage(chat, "has been suspended: Your card was declined twice");
    expect(await notice.textContent()).toContain("/billing");
    await page.goto(`${customerUrl}/billing`);
    expect(await page.locator("[data-suspended]").textContent()).toContain(
      "Your card was declined twice",
    );
    await look(page, "09-billing-suspended");
    await say(chat, "/billing");
    await botMessage(chat, "This account is suspended: Your card was declined twice");

    // 8. Reactivation is announced too.
    await adminPage
      .locator(`tr[data-customer="${customerId}"]`)
      .getByRole("button", { name: "Resume" })
      .click();
    await botMessage(chat, "is active again");
    await look(chat, "10-simulator-reactivated", { chat: true });

    // Every chat message the customer read on the way, the approval card included.
    const messages = await chat.locator(".msg.bot").allInnerTexts();
    expect(messages.length).toBeGreaterThan(10);
    for (const [index, text] of messages.entries())
      expectCustomerText(`chat message ${index + 1}`, text);

    // An unknown address is a page with a way back, not raw JSON.
    await page.goto(`${base}/no-such-page`);
    expect(await page.getByRole("heading", { name: "Page not found" }).isVisible()).toBe(true);
    await look(page, "11-not-found");
    expect(shots.length).toBeGreaterThanOrEqual(10);
    await memberContext.close();
    await adminContext.close();
  }, 600_000);
});
