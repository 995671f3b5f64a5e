import { Bot, GrammyError } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import {
  createFloodLimiter,
  DEFAULT_BOT,
  DEFAULT_FLOOD_LIMITS,
  type RunningTelegramSandbox,
  startTelegramSandbox,
} from "./index.ts";

// Flood limits on an injectable clock: nothing here waits in real time.

let running: RunningTelegramSandbox | undefined;
afterEach(() => running?.close());

async function setup() {
  const clock = { now: 1_800_000_000_000 };
  running = await startTelegramSandbox({ now: () => clock.now });
  const bot = new Bot(DEFAULT_BOT.token, { client: { apiRoot: running.apiRoot } });
  return { clock, sandbox: running.sandbox, bot, url: running.url };
}

async function retryAfter(call: Promise<unknown>): Promise<number> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GrammyError);
  const { error_code, description, parameters } = error as GrammyError;
  expect(error_code).toBe(429);
  expect(description).toBe(`Too Many Requests: retry after ${parameters.retry_after}`);
  return parameters.retry_after ?? 0;
}

describe("flood limits", () => {
  it("lets a private chat burst 3 messages, then 1 per second", async () => {
    const { clock, sandbox, bot } = await setup();
    sandbox.users.get(7, { first_name: "Bea" });
    for (const text of ["1", "2", "3"]) await bot.api.sendMessage(7, text);
    expect(await retryAfter(bot.api.sendMessage(7, "4"))).toBe(1);

    clock.now += 1000;
    expect((await bot.api.sendMessage(7, "4")).text).toBe("4");
    expect(await retryAfter(bot.api.editMessageText(7, 1, "edits count too"))).toBe(1);
    expect(sandbox.calls.counters()).toMatchObject({ tooManyRequests: 2, sentPerChat: { "7": 4 } });
    expect(sandbox.chat(7).messages.map((m) => m.text)).toEqual(["1", "2", "3", "4"]);
  });

  it("sends the Retry-After header with the 429", async () => {
    const { sandbox, url } = await setup();
    sandbox.users.get(8, { first_name: "Cy" });
    const send = () =>
      fetch(`${url}/bot${DEFAULT_BOT.token}/sendMessage`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ chat_id: 8, text: "hi" }),
      });
    for (let i = 0; i < 3; i++) expect((await send()).status).toBe(200);
    const limited = await send();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(await limited.json()).toEqual({
      ok: false,
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      parameters: { retry_after: 1 },
    });
  });

  it("allows 20 messages a minute in a group", async () => {
    const { clock, sandbox, bot } = await setup();
    const group = sandbox.createGroup({ title: "Team" });
    for (let i = 1; i <= 20; i++) await bot.api.sendMessage(group.id, `m${i}`);
    expect(await retryAfter(bot.api.sendMessage(group.id, "m21"))).toBe(3);

    clock.now += 3000;
    await bot.api.sendMessage(group.id, "m21");
    expect(await retryAfter(bot.api.sendMessage(group.id, "m22"))).toBe(3);
    clock.now += 60_000;
    for (let i = 0; i < 20; i++) await bot.api.sendMessage(group.id, `again ${i}`);
  });

  it("allows 30 messages a second across chats", async () => {
    const { clock, sandbox, bot } = await setup();
    for (let id = 1; id <= 31; id++) sandbox.users.get(100 + id, { first_name: `U${id}` });
    for (let id = 1; id <= 30; id++) await bot.api.sendMessage(100 + id, "broadcast");
    expect(await retryAfter(bot.api.sendMessage(131, "broadcast"))).toBe(1);
    clock.now += 1000;
    expect((await bot.api.sendMessage(131, "broadcast")).chat.id).toBe(131);
    expect(sandbox.calls.counters().tooManyRequests).toBe(1);
  });

  it("can be turned off or loosened", async () => {
    running = await startTelegramSandbox({ limits: { privateChat: false, global: false } });
    const bot = new Bot(DEFAULT_BOT.token, { client: { apiRoot: running.apiRoot } });
    running.sandbox.users.get(9, { first_name: "Di" });
    for (let i = 0; i < 50; i++) await bot.api.sendMessage(9, `fast ${i}`);
    expect(running.sandbox.calls.counters().tooManyRequests).toBe(0);
  });

  it("keeps buckets per bot and per chat", () => {
    let now = 0;
    const limiter = createFloodLimiter({ limits: DEFAULT_FLOOD_LIMITS, now: () => now });
    const chat = (chatId: number, botId = 1) => ({ botId, chatId, chatType: "private" });
    for (let i = 0; i < 3; i++) expect(limiter.take(chat(1))).toBe(0);
    expect(limiter.take(chat(1))).toBe(1);
    expect(limiter.take(chat(2))).toBe(0);
    expect(limiter.take(chat(1, 2))).toBe(0);
    now += 500;
    expect(limiter.take(chat(1))).toBe(1);
    now += 500;
    expect(limiter.take(chat(1))).toBe(0);
  });
});
