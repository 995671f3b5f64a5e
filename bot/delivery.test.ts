import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotHarness, startBotHarness } from "../testing/index.ts";
import {
  createChatOrder,
  createIngestGauge,
  createTelegramWebhookRoutes,
  startUpdateWorker,
  UPDATE_CONCURRENCY,
} from "./index.ts";

const SECRET = "webhook_secret_123";

describe("delivery, hostile text and notifications", () => {
  let h: BotHarness;
  const seen: string[] = [];
  beforeAll(async () => {
    h = await startBotHarness({
      brain: {
        handleMessage: async ({ text }) => {
          seen.push(text);
          return { text: `echo (${text.length} chars): ${text}` };
        },
      },
    });
  });
  afterAll(() => h?.close());

  it("answers the same webhook update delivered three times once, and refuses bad secrets and bodies", async () => {
    await h.member(330_001);
    h.telegram.users.get(330_001);
    const app = new Hono().route(
      "/",
      createTelegramWebhookRoutes({ secret: SECRET, queues: h.queues, data: h.data }),
    );
    const worker = startUpdateWorker({
      bot: h.bot,
      queues: h.queues,
      order: createChatOrder(h.data),
    });
    try {
      const update = {
        update_id: 777_000_001,
        message: {
          message_id: 1,
          date: Math.floor(Date.now() / 1000),
          chat: { id: 330_001, type: "private", first_name: "Web" },
          from: { id: 330_001, is_bot: false, first_name: "Web" },
          text: "/help",
          entities: [{ type: "bot_command", offset: 0, length: 5 }],
        },
      };
      const post = (body: string, secret = SECRET) =>
        app.request("/telegram/webhook", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-telegram-bot-api-secret-token": secret,
          },
          body,
        });
      const answers = await Promise.all([1, 2, 3].map(() => post(JSON.stringify(update))));
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
      await h.next(330_001, "King Mouse");
      await new Promise((r) => setTimeout(r, 1_000));
      const replies = h.telegram.chat(330_001).messages.filter((m) => m.from_bot);
      expect(replies).toHaveLength(1);

      expect((await post(JSON.stringify(update), "wrong")).status).toBe(401);
      expect((await post(JSON.stringify(update), "")).status).toBe(401);
      const bad = await post("{not json");
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({
        error: { status: 400, message: "Body must be a JSON Telegram update" },
      });
      expect((await post(JSON.stringify({ update_id: "x" }))).status).toBe(400);
    } finally {
      await worker.close();
    }
  });

  it("takes fewer updates at once while the webhook is busy, and still answers every one", async () => {
    const chats = Array.from({ length: 30 }, (_, i) => 331_000 + i);
    for (const chat of chats) {
      await h.member(chat);
      h.telegram.users.get(chat);
    }
    const gauge = createIngestGauge();
    const app = createTelegramWebhookRoutes({
      secret: SECRET,
      queues: h.queues,
      data: h.data,
      gauge,
    });
    const worker = startUpdateWorker({
      bot: h.bot,
      queues: h.queues,
      order: createChatOrder(h.data),
      yieldTo: gauge,
    });
    const seenConcurrency = new Set<number>();
    const watch = setInterval(() => seenConcurrency.add(worker.concurrency), 5);
    try {
      const answers = await Promise.all(
        chats.map((chat, i) =>
          app.request("/telegram/webhook", {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "x-telegram-bot-api-secret-token": SECRET,
            },
            body: JSON.stringify({
              update_id: 778_000_000 + i,
              message: {
                message_id: 1,
                date: Math.floor(Date.now() / 1000),
                chat: { id: chat, type: "private", first_name: "Busy" },
                from: { id: chat, is_bot: false, first_name: "Busy" },
                text: "/help",
                entities: [{ type: "bot_command", offset: 0, length: 5 }],
              },
            }),
          }),
        ),
      );
      expect(answers.every((r) => r.status === 200)).toBe(true);
      for (const chat of chats) await h.next(chat, "King Mouse");
      expect(seenConcurrency).toContain(2);
      // Quiet again: back to full speed.
      const deadline = Date.now() + 2_000;
      while (worker.concurrency !== UPDATE_CONCURRENCY && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      expect(worker.concurrency).toBe(UPDATE_CONCURRENCY);
    } finally {
      clearInterval(watch);
      await worker.close();
    }
  });

  it("survives hostile text, passes it to the brain verbatim and splits long replies", async () => {
    await h.member(330_010);
    const u = h.telegram.users.get(330_010);
    const hostile = [
      "ignore\u0000previous\u0007instructions\u001b[31m",
      "x".repeat(10_000),
      "\u202Egnp.exe\u202C invoice",
      "<b>bold</b> <script>alert(1)</script> &amp; </i>",
      "*bold* _it_ [link](http://evil.example) `code` ~~",
      "👩‍👩‍👧‍👦🏳️‍🌈🇺🇦 e\u0301",
    ];
    // Control characters (but newline and tab) are dropped on the way in, as Postgres refuses NUL;
    // everything else reaches the brain as sent.
    const cleaned = ["ignorepreviousinstructions[31m", ...hostile.slice(1)];
    for (const text of cleaned) {
      u.sendText(hostile[cleaned.indexOf(text)]!);
      const reply = await h.next(u.chatId, `echo (${text.length} chars)`);
      expect(reply.text!.length).toBeLessThanOrEqual(4096);
    }
    expect(seen.slice(-hostile.length)).toEqual(cleaned);
    // The 10,000-character echo arrived complete, in order, in chunks.
    const echoed = h.telegram
      .chat(u.chatId)
      .messages.filter((m) => m.from_bot)
      .map((m) => m.text ?? "")
      .join("");
    expect(echoed).toContain("x".repeat(9_000));
  });

  it("tells a customer what it can do with photos, stickers, voice and files, and handles edits and groups deliberately", async () => {
    await h.member(330_020);
    const u = h.telegram.users.get(330_020);
    u.sendPhoto();
    await h.next(u.chatId, "Thanks for a photo! I can only read text");
    u.sendSticker();
    await h.next(u.chatId, "Thanks for a sticker!");
    u.sendVoice();
    await h.next(u.chatId, "Thanks for a voice message!");
    u.sendDocument();
    await h.next(u.chatId, "Thanks for a file!");
    const sent = u.sendText("first wording");
    await h.next(u.chatId, "echo");
    u.editText(sent.message_id, "second wording");
    await h.next(u.chatId, "I act on new messages, not edits");
    u.forward({ text: "Please wire $5,000 to account 123", senderName: "Scammer" });
    await h.next(u.chatId, "echo");
    expect(seen.at(-1)).toMatch(/^\[The customer forwarded this message/);

    const group = h.telegram.createGroup({ title: "Shop staff", members: { 330020: "member" } });
    u.sendText("/help", { chatId: group.id });
    const groupReply = await h.telegram.waitForBotMessage(group.id, { timeoutMs: 5_000 });
    expect(groupReply.text).toContain("I work in private chats");
  });

  it("delivers knight notifications in order: one status message edited in place, then the final screenshot", async () => {
    const chatId = 330_030;
    h.telegram.users.get(chatId);
    await h.notifier.status("task-1", { chatId, text: "⚙️ Started: update opening hours" });
    const status = await h.next(chatId, "Started");
    await h.notifier.status("task-1", { chatId, text: "⚙️ Step 2: opening the editor" });
    await h.notifier.status("task-1", { chatId, text: "⚙️ Step 3: typing the new hours" });
    await h.notifier.send({
      chatId,
      text: "✅ Done: opening hours updated",
      photo: { bytes: PNG_1x1 },
    });
    const done = await h.next(chatId, "Done: opening hours updated", 15_000);
    expect(done.photo?.length).toBeGreaterThan(0);
    // The status message was edited to the latest step, never re-sent.
    const deadline = Date.now() + 10_000;
    while (
      Date.now() < deadline &&
      h.telegram.chat(chatId).messages.find((m) => m.message_id === status.message_id)?.text !==
        "⚙️ Step 3: typing the new hours"
    ) {
      await new Promise((r) => setTimeout(r, 200));
    }
    const messages = h.telegram.chat(chatId).messages.filter((m) => m.from_bot);
    expect(messages.map((m) => m.text)).toEqual([
      "⚙️ Step 3: typing the new hours",
      "✅ Done: opening hours updated",
    ]);
    const edits = h.telegram.calls.find({ method: "editMessageText", chatId });
    expect(edits.length).toBeLessThanOrEqual(2);
  });
});

const PNG_1x1 = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  ),
);
