/**
 * A newcomer's first two minutes, in a real headless Chromium, following
 * only what `npm start` prints: the banner names the simulator and the demo
 * QR code; the person onboards from it, asks for work, approves it, sees the
 * knight's screenshot in the chat, and then opens the dashboard as each demo
 * persona with the banner's sign-in links. Started like `npm start` (the same
 * command line, a fresh DATA_DIR), so the banner is the one a person sees.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = join(import.meta.dirname, "..");
const ARTIFACTS = join(ROOT, "test-artifacts");

/** Starts `main.ts all` as `npm start` does and resolves with everything printed up to the banner's end. */
async function startLikeNpmStart(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "./runtime/register.js", "main.ts", "all"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  const printed = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no banner within 90 s; stdout: ${out}\nstderr: ${err}`)),
      90_000,
    );
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("Stop with Ctrl+C")) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child.on("exit", (code) => reject(new Error(`exited ${code} before the banner: ${err}`)));
  });
  return { child, printed };
}

async function stop(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

/** The banner's lines are "label   URL": the URL on the line whose label is given. */
function urlAfter(banner: string, label: string): string {
  const line = banner.split("\n").find((l) => l.trimStart().startsWith(label));
  const url = line?.match(/https?:\/\/\S+/)?.[0];
  if (!url) throw new Error(`the banner has no "${label}" line with a URL:\n${banner}`);
  return url;
}

describe("the newcomer's first two minutes, from the printed banner", () => {
  let child: ChildProcess | undefined;
  let banner = "";
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is required at ${CHROMIUM}: apt-get install -y chromium`);
    }
    await mkdir(ARTIFACTS, { recursive: true });
    const dataDir = await mkdtemp(join(tmpdir(), "mouse-newcomer-"));
    const started = await startLikeNpmStart({ DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "warn" });
    child = started.child;
    banner = started.printed;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stop(child);
  });

  const watch = (page: Page) => page.on("pageerror", (e) => problems.push(e.message));

  it("prints where to go, who to be, what is sandboxed and how to stop", () => {
    expect(banner).toContain("Mouse is running.");
    expect(urlAfter(banner, "Dashboard")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(urlAfter(banner, "Telegram simulator")).toMatch(/\/simulator$/);
    expect(urlAfter(banner, "Scan the demo QR code")).toMatch(/\/simulator\?start=demo_invite_/);
    for (const role of ["customer owner", "reseller", "platform admin"]) {
      expect(urlAfter(banner, role)).toMatch(/\/login\/[A-Za-z0-9_-]{40,}$/);
    }
    expect(banner).toMatch(/Sandboxed \(local\)\s+telegram, anthropic, openai, orgo, stripe/);
    expect(banner).toMatch(/Real services\s+none/);
    expect(banner).toContain("Stop with Ctrl+C");
  });

  it("onboards from the demo QR code in the simulator, approves work and sees the knight's screenshot", async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
    watch(page);
    await page.goto(urlAfter(banner, "Scan the demo QR code"));
    const message = page.getByRole("textbox", { name: "Message" });
    expect(await message.inputValue()).toBe("/start demo_invite_0000000000000001");
    await page.getByRole("button", { name: "Send" }).click();
    const bot = (text: string, timeout = 20_000) =>
      page.locator(".msg.bot", { hasText: text }).last().waitFor({ timeout });
    const say = async (text: string) => {
      await message.fill(text);
      await page.getByRole("button", { name: "Send" }).click();
    };
    await bot("What's your business called?");
    await say("Dana's Flowers");
    await bot("What do you need help with?");
    await say("Keep our website's opening hours current");
    await bot("Pick a plan");
    await page.getByRole("button", { name: /^Free/ }).last().click();
    await bot("You're all set on the Free plan");
    await say("Please deploy a web developer to update the opening hours on our website to 9-5");
    const approve = page.getByRole("button", { name: "✅ Approve" }).last();
    await approve.waitFor({ timeout: 40_000 });
    await approve.click();
    const screenshot = page.locator(".msg.bot img.photo").last();
    await screenshot.waitFor({ timeout: 120_000 });
    // The photo really loaded: the knight's final screen, not a broken image.
    await page.waitForFunction(
      () => {
        const img = [...document.querySelectorAll<HTMLImageElement>(".msg.bot img.photo")].at(-1);
        return !!img && img.complete && img.naturalWidth > 100;
      },
      undefined,
      { timeout: 20_000 },
    );
    await page.screenshot({ path: join(ARTIFACTS, "newcomer-simulator.png"), fullPage: true });
    await page.close();
  }, 240_000);

  it("opens the dashboard as each demo persona with the printed sign-in links", async () => {
    const landings: [string, RegExp, string][] = [
      ["customer owner", /\/c\/[0-9a-f-]{36}$/, "Bella's Bakery"],
      ["reseller", /\/r\/[0-9a-f-]{36}$/, "Acme Digital"],
      ["platform admin", /\/admin$/, "System health"],
    ];
    for (const [role, path, heading] of landings) {
      const context = await browser.newContext();
      const page = await context.newPage();
      watch(page);
      await page.goto(urlAfter(banner, role));
      expect(new URL(page.url()).pathname, role).toMatch(path);
      await page.getByRole("heading", { name: heading }).first().waitFor({ timeout: 10_000 });
      // In the no-keys demo every signed-in page leads back to the simulator.
      expect(await page.getByRole("link", { name: "Telegram simulator" }).count()).toBe(1);
      await context.close();
    }
    expect(problems).toEqual([]);
  }, 60_000);
});
