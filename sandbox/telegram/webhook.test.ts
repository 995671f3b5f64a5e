import { Bot, type GrammyError, webhookCallback } from "grammy";
import type { Update } from "grammy/types";
import { Hono } from "hono";
import { afterEach, describe, expect, it, vi } from "vitest";
import { listen, type RunningServer } from "../../lib/index.ts";
import { DEFAULT_BOT, type RunningTelegramSandbox, startTelegramSandbox } from "./index.ts";

const SECRET = "s3cret_Token-1";
let running: RunningTelegramSandbox;
let receiver: RunningServer | undefined;
afterEach(async () => {
  await running.close();
  await receiver?.close();
});

/**
 * A grammY bot behind webhookCallback, with a gate in front that can refuse
 * deliveries (answering 500) and records what arrived.
 */
async function startReceiver(refuse: (update: Update) => boolean) {
  running = await startTelegramSandbox({
    limits: false,
    webhook: { retryBaseMs: 20, retryMaxMs: 200 },
  });
  const bot = new Bot(DEFAULT_BOT.token, { client: { apiRoot: running.apiRoot } });
  bot.on("message:text", (ctx) => ctx.reply(`echo ${ctx.message.text}`));
  const arrived: { update: Update; secret: string | undefined }[] = [];
  const app = new Hono();
  app.post(
    "/hook",
    async (c, next) => {
      const update = (await c.req.json()) as Update;
      arrived.push({ update, secret: c.req.header("x-telegram-bot-api-secret-token") });
      return refuse(update) ? c.text("not now", 500) : next();
    },
    webhookCallback(bot, "hono", { secretToken: SECRET }),
  );
  receiver = await listen(app);
  const url = `${receiver.url}/hook`;
  return { bot, arrived, url, sandbox: running.sandbox };
}

/** The origin of a port nothing listens on any more. */
async function closedPort(): Promise<string> {
  const server = await listen(new Hono());
  await server.close();
  return server.url;
}

describe("webhook delivery", () => {
  it("posts updates with the secret header and re-sends after a failure", async () => {
    let failures = 1;
    const { bot, arrived, url, sandbox } = await startReceiver(() => failures-- > 0);
    expect(await bot.api.setWebhook(url, { secret_token: SECRET })).toBe(true);

    const ann = sandbox.users.get(601, { first_name: "Ann" });
    ann.sendText("hello");
    expect((await ann.waitForBotMessage()).text).toBe("echo hello");

    const [first, second] = arrived;
    expect(arrived).toHaveLength(2);
    expect(second?.update.update_id).toBe(first?.update.update_id);
    expect(arrived.every((a) => a.secret === SECRET)).toBe(true);
    await vi.waitFor(() => expect(sandbox.webhookInfo().pending_update_count).toBe(0));
    expect(await bot.api.getWebhookInfo()).toMatchObject({
      url,
      has_custom_certificate: false,
      pending_update_count: 0,
      max_connections: 40,
      last_error_message: "Wrong response from the webhook: 500 Internal Server Error",
    });
  });

  it("keeps one chat's updates in order while another chat's flow on", async () => {
    let holdAnn = true;
    const { bot, arrived, url, sandbox } = await startReceiver(
      (u) => holdAnn && u.message?.chat.id === 602,
    );
    await bot.api.setWebhook(url, { secret_token: SECRET });
    const ann = sandbox.users.get(602, { first_name: "Ann" });
    const bob = sandbox.users.get(603, { first_name: "Bob" });
    ann.sendText("a1");
    ann.sendText("a2");
    bob.sendText("b1");

    expect((await bob.waitForBotMessage()).text).toBe("echo b1");
    const annTexts = () =>
      arrived.filter((a) => a.update.message?.chat.id === 602).map((a) => a.update.message?.text);
    expect(new Set(annTexts())).toEqual(new Set(["a1"]));
    await vi.waitFor(() => expect(sandbox.webhookInfo().pending_update_count).toBe(2));

    holdAnn = false;
    expect((await ann.waitForBotMessage()).text).toBe("echo a1");
    expect((await ann.waitForBotMessage()).text).toBe("echo a2");
    expect(annTexts().slice(-2)).toEqual(["a1", "a2"]);
  });

  it("runs a method the webhook answers with", async () => {
    running = await startTelegramSandbox({ limits: false });
    const app = new Hono();
    // What Telegram documents: reply to the webhook with a method call as the JSON body.
    app.post("/hook", async (c) => {
      const update = (await c.req.json()) as Update;
      return c.json({
        method: "sendMessage",
        chat_id: update.message?.chat.id,
        text: "answered inline",
      });
    });
    receiver = await listen(app);
    const bot = new Bot(DEFAULT_BOT.token, { client: { apiRoot: running.apiRoot } });
    await bot.api.setWebhook(`${receiver.url}/hook`);
    const cy = running.sandbox.users.get(604, { first_name: "Cy" });
    cy.sendText("hi");
    expect((await cy.waitForBotMessage()).text).toBe("answered inline");
    await vi.waitFor(() =>
      expect(running.sandbox.calls.last({ method: "sendMessage" })?.params).toMatchObject({
        chat_id: 604,
      }),
    );
  });

  it("keeps undelivered updates for getUpdates after deleteWebhook", async () => {
    running = await startTelegramSandbox({ limits: false, webhook: { retryBaseMs: 10_000 } });
    const bot = new Bot(DEFAULT_BOT.token, { client: { apiRoot: running.apiRoot } });
    const sandbox = running.sandbox;
    await bot.api.setWebhook(`${await closedPort()}/nobody-listens`);
    sandbox.users.get(605, { first_name: "Di" }).sendText("stuck");
    await vi.waitFor(() =>
      expect(sandbox.webhookInfo().last_error_message).toBe("Connection refused"),
    );
    expect(sandbox.webhookInfo().pending_update_count).toBe(1);

    expect(await bot.api.deleteWebhook()).toBe(true);
    const updates = await bot.api.getUpdates();
    expect(updates.map((u) => u.message?.text)).toEqual(["stuck"]);
  });

  it("validates the secret token and can drop pending updates", async () => {
    running = await startTelegramSandbox({ limits: false });
    const bot = new Bot(DEFAULT_BOT.token, { client: { apiRoot: running.apiRoot } });
    const refused = async (secret: string) =>
      (
        (await bot.api
          .setWebhook("https://example.com/hook", { secret_token: secret })
          .catch((e) => e)) as GrammyError
      ).description;
    expect(await refused("has spaces!")).toBe(
      "Bad Request: secret token contains unallowed characters",
    );
    expect(await refused("x".repeat(257))).toBe("Bad Request: secret token is too long");

    running.sandbox.users.get(606, { first_name: "Ed" }).sendText("old news");
    await bot.api.setWebhook(`${await closedPort()}/hook`, { drop_pending_updates: true });
    expect(running.sandbox.webhookInfo().pending_update_count).toBe(0);
  });
});
