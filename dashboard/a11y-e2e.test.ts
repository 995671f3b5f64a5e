/**
 * Every dashboard page, checked in a real headless Chromium by axe-core
 * (`@axe-core/playwright`, WCAG 2.x A and AA rules): signed in as a customer
 * owner, a reseller owner and a platform admin, and signed out, no page has a
 * serious or critical violation — labels on every field, contrast of text and
 * of input borders, names on links and buttons, one main landmark, and so on.
 */
import { existsSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeScheduledTask } from "../agents/knights/index.ts";
import { createLoginLink } from "../auth/index.ts";
import { listen, type RunningServer } from "../lib/http-server.ts";
import { billingGate, createScheduleControls } from "../schedules/index.ts";
import type { UserKey } from "../testing/index.ts";
import { startWebHarness, type WebHarness } from "./test-support.ts";

const CHROMIUM = "/usr/bin/chromium";

describe("accessibility of every dashboard page (axe-core in Chromium)", () => {
  let h: WebHarness;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium is required at ${CHROMIUM}: apt-get install -y chromium`);
    h = await startWebHarness({
      backend: "pglite",
      extra: (data) => ({
        schedules: createScheduleControls({
          data,
          enqueue: async () => {},
          run: { checkBudget: billingGate, writeTask: writeScheduledTask },
        }),
      }),
    });
    server = await listen(h.app);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await h?.close();
  });

  /** Signs `who` in with a one-time link (as the bot's /dashboard does) and checks each page. */
  async function check(who: UserKey | null, paths: string[]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const found: string[] = [];
    try {
      if (who) {
        const { token } = await createLoginLink(h.data, h.f.users[who]);
        await page.goto(`${server.url}/login/${token}`);
      }
      for (const path of paths) {
        const response = await page.goto(`${server.url}${path}`);
        expect(response?.status(), `${who ?? "visitor"} ${path}`).toBeLessThan(500);
        const { violations } = await new AxeBuilder({ page })
          .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
          .analyze();
        for (const v of violations) {
          if (v.impact !== "serious" && v.impact !== "critical") continue;
          const where = v.nodes.map((n) => n.target.join(" ")).slice(0, 3);
          found.push(`${who ?? "visitor"} ${path}: ${v.id} (${v.impact}) ${v.help} at ${where}`);
        }
      }
    } finally {
      await context.close();
    }
    return found;
  }

  it("finds no serious or critical violation for a customer, a reseller, an admin or a visitor", async () => {
    const a = `/c/${h.f.ids.A}`;
    const refs = h.f.refs.A;
    const r = `/r/${h.f.ids.R1}`;
    const found = [
      ...(await check("customerOwner", [
        a,
        `${a}/tasks`,
        `${a}/tasks/${refs.task}`,
        `${a}/employees/${refs.employee}`,
        `${a}/approvals`,
        `${a}/schedules`,
        `${a}/schedules/${refs.schedule}`,
        `${a}/billing`,
        `${a}/team`,
        `${a}/logins`,
        "/no-such-page",
      ])),
      ...(await check("resellerOwner", [r, `${r}/customers/${h.f.ids.A}/invite`, `${r}/api-keys`])),
      ...(await check("platformAdmin", ["/", "/admin", "/admin/customers", "/admin/resellers"])),
      ...(await check(null, ["/login", "/onboard", "/billing?checkout=done"])),
    ];
    expect(found).toEqual([]);
  }, 300_000);
});
