/**
 * The "👀 Watch / take over" button with an HTTPS dashboard: a Telegram
 * Mini App button under /status and under a knight's messages (sent through
 * the outbox to the sandbox Bot API, which, like Telegram, refuses a Mini
 * App button whose URL is not HTTPS).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { watchButton } from "../notify/index.ts";
import { DEFAULT_BOT } from "../sandbox/telegram/index.ts";
import { type BotHarness, startBotHarness } from "../testing/index.ts";

const PUBLIC_URL = "https://mouse.example.com";

describe("watch / take over button", () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({
      brain: { handleMessage: async ({ text }) => ({ text: `Noted: ${text}` }) },
      dashboardUrl: PUBLIC_URL,
    });
  });
  afterAll(() => h?.close());

  it("/status offers the Mini App for each knight at work", async () => {
    const { customerId } = await h.member(330_001, { customerName: "Bakery" });
    const employeeId = await h.data.asService("test", async (tx) => {
      const e = await tx.query<{ id: string }>(
        "insert into public.employees (customer_id, name, role_template) values ($1, 'Pixel', 'web_developer') returning id",
        [customerId],
      );
      await tx.query(
        "insert into public.tasks (customer_id, employee_id, request, status) values ($1, $2, 'Log in to the supplier site', 'waiting_for_input')",
        [customerId, e.rows[0]!.id],
      );
      return e.rows[0]!.id;
    });
    const u = h.telegram.users.get(330_001);
    u.sendText("/status");
    const reply = await h.next(u.chatId, "Log in to the supplier site");
    expect(reply.reply_markup?.inline_keyboard).toEqual([
      [
        {
          text: "👀 Watch / take over",
          web_app: {
            url: `${PUBLIC_URL}/tg/app?to=${encodeURIComponent(`/c/${customerId}/employees/${employeeId}`)}`,
          },
        },
      ],
    ]);
  });

  it("a knight's message carries the button through the outbox; Telegram refuses it without HTTPS", async () => {
    const { customerId } = await h.member(330_002);
    const u = h.telegram.users.get(330_002);
    const button = watchButton(PUBLIC_URL, { customerId, employeeId: customerId });
    await h.notifier.send({
      chatId: u.chatId,
      text: "❓ Pixel needs your input",
      buttons: [[button]],
    });
    const sent = await h.next(u.chatId, "Pixel needs your input");
    expect(sent.reply_markup?.inline_keyboard[0]?.[0]).toEqual({
      text: "👀 Watch / take over",
      web_app: { url: button.webApp },
    });
    const refused = await fetch(`${h.tg.apiRoot}/bot${DEFAULT_BOT.token}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        chat_id: u.chatId,
        text: "hi",
        reply_markup: {
          inline_keyboard: [[{ text: "Watch", web_app: { url: "http://127.0.0.1:8787/tg/app" } }]],
        },
      }),
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { description: string }).description).toContain(
      "Only HTTPS links are allowed",
    );
  });
});
