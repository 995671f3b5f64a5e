/**
 * Replies through the outbox, and queues that forget what customers wrote.
 * Webhook updates go through the real route and update worker; the bot's
 * replies are kept in Postgres and sent by the outbox against the sandbox
 * Bot API, which enforces Telegram's flood limits and here also answers
 * bursts of 429s with `parameters.retry_after`, short and long. Each reply
 * arrives once, in order. Afterwards no Redis key and no row of BullMQ's
 * Postgres schema holds a word of what the customers sent, a pasted
 * password included.
 */
import { randomBytes } from "node:crypto";
import type { Update } from "grammy/types";
import { Hono } from "hono";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BotHarness } from "../testing/index.ts";
import { queueTargets, startBotHarness } from "../testing/index.ts";
import { createChatOrder, createTelegramWebhookRoutes, startUpdateWorker } from "./index.ts";

const SECRET = "webhook_secret_replies_1";

describe.each(queueTargets())("replies and job content ($name)", ({ queue, database }) => {
  let h: BotHarness;
  let app: Hono;
  let worker: ReturnType<typeof startUpdateWorker>;
  let nextUpdateId = 910_000_000 + Math.floor(Math.random() * 1_000_000);
  beforeAll(async () => {
    h = await startBotHarness({
      backend: database,
      queue,
      // Telegram's real flood limits: 3 at once to a private chat, then 1/s.
      telegram: {},
      brain: { handleMessage: async ({ text }) => ({ text: `echo: ${text}` }) },
    });
    app = new Hono().route(
      "/",
      createTelegramWebhookRoutes({ secret: SECRET, queues: h.queues, data: h.data }),
    );
    worker = startUpdateWorker({ bot: h.bot, queues: h.queues, order: createChatOrder(h.data) });
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await h?.close();
  });

  const post = (chatId: number, text: string) => {
    const update: Update = {
      update_id: nextUpdateId++,
      message: {
        message_id: nextUpdateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: "private", first_name: "Cust" },
        from: { id: chatId, is_bot: false, first_name: "Cust" },
        text,
      },
    };
    return app.request("/telegram/webhook", {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      body: JSON.stringify(update),
    });
  };
  const botTexts = (chatId: number) =>
    h.telegram
      .chat(chatId)
      .messages.filter((m) => m.from_bot)
      .map((m) => m.text ?? "");
  const waitUntil = async (what: string, ok: () => boolean | Promise<boolean>, ms = 60_000) => {
    const deadline = Date.now() + ms;
    while (!(await ok())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it("delivers every reply once and in order through bursts of 429s", async () => {
    const chats = [921_001, 921_002, 921_003];
    for (const chat of chats) {
      await h.member(chat);
      h.telegram.users.get(chat);
    }
    // Bursts: three short flood waits, then one long enough to pause the whole outbox.
    h.telegram.failNext("sendMessage", { status: 429, retryAfter: 1, count: 3 });
    const sent = new Map(chats.map((c) => [c, [] as string[]]));
    for (let n = 1; n <= 6; n++) {
      if (n === 4) h.telegram.failNext("sendMessage", { status: 429, retryAfter: 7 });
      for (const chat of chats) {
        const text = `message ${n} from ${chat}`;
        expect((await post(chat, text)).status).toBe(200);
        sent.get(chat)!.push(`echo: ${text}`);
      }
    }
    await waitUntil("every reply", () => chats.every((c) => botTexts(c).length >= 6), 90_000);
    // A moment for a duplicate to show up, were one on its way.
    await new Promise((r) => setTimeout(r, 1_500));
    for (const chat of chats) expect(botTexts(chat)).toEqual(sent.get(chat));
    expect(h.telegram.calls.counters().tooManyRequests).toBeGreaterThanOrEqual(4);
  }, 120_000);

  it("keeps no customer text in the queue once its jobs are done", async () => {
    const chat = 921_010;
    await h.member(chat);
    h.telegram.users.get(chat);
    const marker = `zq${randomBytes(6).toString("hex")}`;
    const password = `Pw!${randomBytes(5).toString("hex")}#9x`;
    const texts = [
      `please remember ${marker} for me`,
      `login: owner@bakery.test password: ${password}`,
      `and ${marker} again`,
    ];
    for (const text of texts) expect((await post(chat, text)).status).toBe(200);
    await waitUntil("the replies", () => botTexts(chat).length >= texts.length, 60_000);
    // Until both queues have nothing left to do.
    await waitUntil("idle queues", async () => {
      for (const role of ["updates", "replies", "outbox"] as const) {
        const counts = await h.queues
          .queue(role)
          .getJobCounts("active", "waiting", "delayed", "prioritized", "completed", "failed");
        if (Object.values(counts).some((n) => n > 0)) return false;
      }
      return true;
    });

    const needles = [marker, password, "owner@bakery.test"];
    const found: string[] = [];
    if (queue === "redis") {
      const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 2 });
      try {
        let cursor = "0";
        do {
          const [next, keys] = await redis.scan(cursor, "COUNT", 1000);
          cursor = next;
          for (const key of keys) {
            const content = await dumpKey(redis, key);
            for (const n of needles) if (content.includes(n)) found.push(`${key} holds ${n}`);
          }
        } while (cursor !== "0");
      } finally {
        redis.disconnect();
      }
    } else {
      const { rows: tables } = await h.db.pool.query<{ name: string }>(
        "select quote_ident(table_name) as name from information_schema.tables where table_schema = 'bullmq'",
      );
      expect(tables.length).toBeGreaterThan(0);
      for (const { name } of tables) {
        const { rows } = await h.db.pool.query<{ row: string }>(
          `select t::text as row from bullmq.${name} t`,
        );
        for (const { row } of rows)
          for (const n of needles) if (row.includes(n)) found.push(`bullmq.${name} holds ${n}`);
      }
    }
    expect(found).toEqual([]);
    // What was sent is blanked in the replies table too, once Telegram has it.
    const { rows } = await h.db.pool.query<{ n: number }>(
      "select count(*)::int as n from public.chat_replies where chat_id = $1 and payload is not null",
      [chat],
    );
    expect(rows[0]!.n).toBe(0);
  }, 120_000);
});

/** Everything a Redis key holds, as text. */
async function dumpKey(redis: Redis, key: string): Promise<string> {
  const type = await redis.type(key);
  switch (type) {
    case "string":
      return (await redis.get(key)) ?? "";
    case "hash":
      return JSON.stringify(await redis.hgetall(key));
    case "list":
      return JSON.stringify(await redis.lrange(key, 0, -1));
    case "set":
      return JSON.stringify(await redis.smembers(key));
    case "zset":
      return JSON.stringify(await redis.zrange(key, "0", "-1"));
    case "stream":
      return JSON.stringify(await redis.xrange(key, "-", "+"));
    default:
      return "";
  }
}
