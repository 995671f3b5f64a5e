/**
 * The task page in a real headless Chromium, after a knight really worked
 * (sandbox Orgo, model and Telegram): the replay plays, the step scrubber
 * shows each step's screen, the delivered file downloads with the bytes the
 * knight wrote, and the cost breakdown and approval are shown.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLoginLink } from "../auth/index.ts";
import {
  FINDINGS_CSV,
  RESEARCHER_SCENARIO,
  type StorageBackend,
  startDeliveryHarness,
} from "../deliverables/test-support.ts";
import { listen, type RunningServer } from "../lib/http-server.ts";
import { createScriptedBrain } from "../sandbox/models/index.ts";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = join(import.meta.dirname, "..", "test-artifacts");

// Files kept in Postgres (streamed by the dashboard) and in Supabase Storage (a redirect to a signed URL).
const backends: StorageBackend[] = ["postgres", "supabase"];

describe.each(backends)("the task page in a real browser, files in %s", (storage) => {
  let h: Awaited<ReturnType<typeof startDeliveryHarness>>;
  let server: RunningServer;
  let browser: Browser;
  let ids: { customerId: string; userId: string; taskId: string };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium is required at ${CHROMIUM}: apt-get install -y chromium`);
    await mkdir(ARTIFACTS, { recursive: true });
    h = await startDeliveryHarness({
      queue: "postgres",
      database: "pglite",
      brain: createScriptedBrain({ scenarios: [RESEARCHER_SCENARIO] }),
      storage,
    });
    const owner = await h.customerInChat();
    const taskId = await h.deploy(owner, {
      role: "researcher",
      task: "[scenario:findings] Compare paper suppliers",
    });
    expect((await h.waitFor(taskId, ["succeeded", "failed"])).status).toBe("succeeded");
    ids = { customerId: owner.customerId, userId: owner.userId, taskId };
    // The replay is built off the hot path: wait for it.
    const deadline = Date.now() + 30_000;
    while (
      (await h.query("select 1 from public.task_replays where task_id = $1", [taskId])).length === 0
    ) {
      if (Date.now() > deadline) throw new Error("no replay was built");
      await new Promise((r) => setTimeout(r, 100));
    }
    server = await listen(h.dashboard);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await h?.close();
  });

  it("plays the replay, scrubs through the steps, downloads the file and shows the cost", async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const { token } = await createLoginLink(h.data, ids.userId);
    await page.goto(`${server.url}/login/${token}`);
    await page.goto(`${server.url}/c/${ids.customerId}/tasks/${ids.taskId}`);

    // The replay is a GIF the browser decoded.
    const replay = page.locator("[data-replay] img");
    await expect
      .poll(() => replay.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(640);
    expect(await page.locator("[data-replay] figcaption").textContent()).toMatch(/\d+ frames/);

    // The scrubber: the first screen, then the step that saved the file.
    const range = page.locator("[data-scrubber] input[type=range]");
    const shown = page.locator("[data-scrubber] img[data-scrub-frame]");
    await range.fill("0");
    expect(await shown.getAttribute("data-seq")).toBe("0");
    expect(await page.locator("[data-scrub-label]").textContent()).toBe("Before the first step");
    await range.fill("6");
    expect(await shown.getAttribute("data-seq")).toBe("6");
    expect(await page.locator("[data-scrub-label]").textContent()).toContain("6.");
    await expect
      .poll(() => shown.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
      .toBe(true);

    // The delivered file downloads with the bytes the knight wrote.
    const link = page.locator("[data-files] a", { hasText: "findings.csv" });
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe("findings.csv");
    // Kept in Storage, the bytes come from its signed URL after the dashboard's access check.
    if (storage === "supabase")
      expect(download.url().startsWith(`${h.storage!.url}/storage/v1/object/sign/`)).toBe(true);
    else expect(download.url().startsWith(server.url)).toBe(true);
    expect(await readFile((await download.path())!, "utf8")).toBe(FINDINGS_CSV);
    expect(await page.locator("[data-files]").textContent()).toContain("Telegram document");

    // Cost broken down, and the approval that allowed the work.
    const cost = (await page.locator("[data-cost]").textContent()) ?? "";
    expect(cost).toMatch(/[\d,]+ input · [\d,]+ output/);
    expect(cost).toMatch(/\$\d+\.\d\d/);
    expect(cost).toMatch(/Computer time\s*about \d+ min/);
    expect(await page.locator("[data-approvals]").textContent()).toContain("approved");

    await page.screenshot({ path: join(ARTIFACTS, `task-page-${storage}.png`), fullPage: true });
    await context.close();
  }, 120_000);
});
