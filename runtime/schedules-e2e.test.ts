import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InlineKeyboardButton, Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConfig } from "../config/index.ts";
import { createLogger } from "../observability/index.ts";
import { testNamespace } from "../testing/index.ts";
import { type Mouse, startMouse } from "./index.ts";

/**
 * Recurring work through one real `npm start`-style process, every service
 * sandboxed: a customer asks King Mouse for "every minute" work in chat,
 * approves it, the scheduler starts a run at the next minute, a knight does
 * it on a sandbox desktop and the result arrives in Telegram; then
 * /schedules pauses and resumes it with its buttons.
 */
describe("recurring work in chat, whole product on embedded defaults", () => {
  let mouse: Mouse;
  let ready: Awaited<Mouse["ready"]>;
  beforeAll(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "mouse-schedules-e2e-"));
    mouse = await startMouse({
      role: "all",
      config: createConfig({ DATA_DIR: dataDir, PORT: "0" }),
      logger: createLogger({ level: process.env.TEST_LOG ?? "silent" }),
      namespace: testNamespace(),
    });
    ready = await mouse.ready;
  });
  afterAll(() => mouse?.shutdown("test"));

  it("schedules in chat, runs within a minute, reports back, and /schedules pauses and resumes", async () => {
    const telegram = ready.sandboxes.telegram!.sandbox;
    const user = telegram.users.get(100_000_077, { first_name: "Rosa", language_code: "de" });
    const next = (includes: string | RegExp, timeoutMs = 15_000): Promise<Message> =>
      user.waitForBotMessage({
        timeoutMs,
        predicate: (m) => {
          const text = m.text ?? m.caption ?? "";
          return typeof includes === "string" ? text.includes(includes) : includes.test(text);
        },
      });
    const button = (m: Message, label: string) =>
      (
        m.reply_markup?.inline_keyboard.flat() as InlineKeyboardButton.CallbackButton[] | undefined
      )?.find((b) => b.text.includes(label));

    user.start("demo_invite_0000000000000001");
    await next("What's your business called?");
    user.sendText("Rosa's Bakery");
    await next("What do you need help with?");
    user.sendText("Keep an eye on flour prices");
    const plans = await next("Pick a plan");
    user.pressButton(plans, "plan:free");
    // Her Telegram speaks German: the zone is guessed, and she can say otherwise.
    await next(/as Europe\/Berlin time, going by your Telegram language/);
    await next("You're all set on the Free plan");
    user.sendText("/timezone");
    await next("Your time zone is Europe/Berlin");
    user.sendText("/timezone Mars/Olympus");
    await next(/not a time zone I know/);
    user.sendText("/timezone Europe/Berlin");
    await next("Time zone set to Europe/Berlin");

    user.sendText("Every minute, check the flour price on the supplier's website");
    // The buttons come under the product's card for the schedule: cadence, zone and money.
    const ask = await next(/^🔁 .* every minute \(Europe\/Berlin time\)/, 30_000);
    expect(ask.text).toMatch(/Up to \$\d+\.\d\d per run, about \$[\d,]+\.\d\d a month/);
    const approve = button(ask, "Approve");
    expect(approve, `King Mouse should ask for approval, said: ${ask.text}`).toBeDefined();
    user.pressButton(ask, approve!.callback_data);
    await next(/Scheduled\. First run .*\(Europe\/Berlin\)/);

    // The scheduler starts the run at the next minute; the knight reports with a screenshot.
    const done = await user.waitForBotMessage({
      timeoutMs: 120_000,
      predicate: (m) => (m.photo?.length ?? 0) > 0,
    });
    expect(done.caption ?? "").toMatch(/done|finished|complete/i);
    const { rows: runs } = await ready.db.pool.query<{ outcome: string; status: string }>(
      `select r.outcome, t.status from public.schedule_runs r join public.tasks t on t.id = r.task_id
         join public.customers c on c.id = r.customer_id where c.name = 'Rosa''s Bakery'`,
    );
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs[0]).toEqual({ outcome: "started", status: "succeeded" });

    user.sendText("/schedules");
    // The list itself (a text with buttons), not a late replay or photo whose caption names the task.
    const listed = await user.waitForBotMessage({
      timeoutMs: 15_000,
      predicate: (m) => (m.text ?? "").includes("check the flour price"),
    });
    expect(listed.text).toMatch(/every minute · next run/);
    user.pressButton(listed, button(listed, "Pause")!.callback_data);
    await next("Paused.");
    const status = async () =>
      (
        await ready.db.pool.query<{ status: string }>(
          `select s.status from public.scheduled_tasks s join public.customers c on c.id = s.customer_id
            where c.name = 'Rosa''s Bakery'`,
        )
      ).rows[0]?.status;
    expect(await status()).toBe("paused");

    user.sendText("/schedules");
    const pausedList = await next(/check the flour price[\s\S]*paused/);
    user.pressButton(pausedList, button(pausedList, "Resume")!.callback_data);
    await next(/Resumed\. Next run .*\(Europe\/Berlin\)/);
    expect(await status()).toBe("active");
  }, 240_000);
});
