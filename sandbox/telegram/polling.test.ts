import { Bot, InlineKeyboard } from "grammy";
import type { Update } from "grammy/types";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_BOT, type RunningTelegramSandbox, startTelegramSandbox } from "./index.ts";

let running: RunningTelegramSandbox;
afterEach(() => running.close());

async function setup() {
  running = await startTelegramSandbox({ limits: false });
  return running.sandbox;
}

/** A raw getUpdates call, to see exactly what Telegram answers. */
async function getUpdates(params: Record<string, unknown>) {
  const response = await fetch(`${running.url}/bot${DEFAULT_BOT.token}/getUpdates`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(params),
  });
  return {
    status: response.status,
    body: (await response.json()) as { ok: boolean; result?: Update[]; description?: string },
  };
}

describe("long polling", () => {
  it("delivers a user's text and a button press to bot.start(), confirming by offset", async () => {
    const sandbox = await setup();
    const bot = new Bot(DEFAULT_BOT.token, { client: { apiRoot: running.apiRoot } });
    bot.command("start", (ctx) =>
      ctx.reply(`Welcome! Your code is ${ctx.match}`, {
        reply_markup: new InlineKeyboard().text("Approve", "approve:1").text("Reject", "reject:1"),
      }),
    );
    bot.callbackQuery(/^approve:(\d+)$/, async (ctx) => {
      await ctx.answerCallbackQuery({ text: "Approved" });
      await ctx.editMessageText(`Task ${ctx.match[1]} approved`);
    });
    const polling = bot.start({ timeout: 2 });

    const ann = sandbox.users.get(501, { first_name: "Ann" });
    const command = ann.start("abc");
    expect(command.entities).toEqual([{ type: "bot_command", offset: 0, length: 6 }]);
    const welcome = await ann.waitForBotMessage();
    expect(welcome.text).toBe("Welcome! Your code is abc");

    expect(() => ann.pressButton(welcome, "delete:everything")).toThrow(/no callback button/);
    const press = ann.pressButton(welcome, "approve:1");
    expect(await press.waitForAnswer()).toMatchObject({ text: "Approved", show_alert: false });
    const edited = await ann.waitForBotMessage();
    expect(edited).toMatchObject({ message_id: welcome.message_id, text: "Task 1 approved" });
    expect(edited.reply_markup).toBeUndefined();

    await bot.stop();
    await polling;
    expect(sandbox.pendingUpdates()).toEqual([]);
    const offsets = sandbox.calls
      .find({ method: "getUpdates" })
      .map((c) => Number(c.params.offset ?? 0));
    expect(offsets[0]).toBeLessThanOrEqual(1);
    expect(offsets.at(-1)).toBeGreaterThan(700_000_000);
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
  });

  it("numbers updates increasingly but not contiguously and honours offset, limit and negative offset", async () => {
    const sandbox = await setup();
    const user = sandbox.users.get(502, { first_name: "Bo" });
    for (let i = 0; i < 6; i++) user.sendText(`m${i}`);
    const all = (await getUpdates({})).body.result ?? [];
    const ids = all.map((u) => u.update_id);
    expect(ids).toHaveLength(6);
    expect(ids.every((id, i) => i === 0 || id > (ids[i - 1] ?? 0))).toBe(true);
    expect(ids.some((id, i) => i > 0 && id - (ids[i - 1] ?? 0) > 1)).toBe(true);

    const page = (await getUpdates({ offset: ids[2], limit: 2 })).body.result ?? [];
    expect(page.map((u) => u.message?.text)).toEqual(["m2", "m3"]);
    expect(sandbox.pendingUpdates()).toHaveLength(4);
    const last = (await getUpdates({ offset: -1 })).body.result ?? [];
    expect(last.map((u) => u.message?.text)).toEqual(["m5"]);
  });

  it("waits up to timeout for an update and filters by allowed_updates", async () => {
    const sandbox = await setup();
    const user = sandbox.users.get(503, { first_name: "Cy" });
    const waiting = getUpdates({ timeout: 5, allowed_updates: ["message"] });
    setTimeout(() => user.sendText("late"), 50);
    const started = performance.now();
    expect((await waiting).body.result?.map((u) => u.message?.text)).toEqual(["late"]);
    expect(performance.now() - started).toBeLessThan(2000);

    user.editText(1, "late, edited");
    expect(sandbox.pendingUpdates().map((u) => Object.keys(u)[1])).toEqual(["message"]);
  });

  it("answers 409 to overlapping polls and while a webhook is set", async () => {
    const sandbox = await setup();
    const first = getUpdates({ timeout: 5 });
    await vi.waitFor(() => expect(sandbox.isPolling()).toBe(true));
    const second = getUpdates({ timeout: 5 });
    expect(await first).toEqual({
      status: 409,
      body: {
        ok: false,
        error_code: 409,
        description:
          "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
      },
    });
    sandbox.users.get(504, { first_name: "Di" }).sendText("for the second poll");
    expect((await second).body.result?.[0]?.message?.text).toBe("for the second poll");

    const bot = new Bot(DEFAULT_BOT.token, { client: { apiRoot: running.apiRoot } });
    await bot.api.setWebhook("http://127.0.0.1:9/hook");
    const conflict = await getUpdates({});
    expect(conflict.status).toBe(409);
    expect(conflict.body.description).toBe(
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    );
    await bot.api.deleteWebhook();
    expect((await getUpdates({})).status).toBe(200);
  });
});
