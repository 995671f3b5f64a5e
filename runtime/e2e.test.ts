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
    const ask = await next("", 30_000);
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
});
