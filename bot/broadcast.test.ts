import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_TELEGRAM_ID,
  type BotHarness,
  type QueueBackend,
  startBotHarness,
} from "../testing/index.ts";
import { OUTBOX_LIMIT } from "./outbox.ts";

const CHATS = 5_000;
const FIRST_CHAT = 400_000;
/** A chat that is not part of the broadcast and gets a knight's notification halfway through. */
const CUSTOMER_CHAT = 390_000;
/**
 * The sandbox's clock runs 10× fast, so Telegram's 30 msg/s becomes 300 msg/s
 * of wall time; the outbox's window shrinks by the same factor, so the
 * product's own limit meets the sandbox's real flood limits in sandbox time.
 */
const SPEED = 10;

const backends: QueueBackend[] = ["postgres", ...(process.env.REDIS_URL ? ["redis" as const] : [])];

describe.each(backends)("broadcast through Telegram's flood limits (BullMQ on %s)", (queue) => {
  let h: BotHarness;
  beforeAll(async () => {
    const t0 = Date.now();
    h = await startBotHarness({
      queue,
      brain: { handleMessage: async () => ({ text: "-" }) },
      telegram: { now: () => t0 + (Date.now() - t0) * SPEED },
      outboxLimit: { max: OUTBOX_LIMIT.max, duration: OUTBOX_LIMIT.duration / SPEED },
    });
  });
  afterAll(() => h?.close());

  it(`delivers /admin_broadcast to ${CHATS} chats once each, and lets a notification jump the line`, async () => {
    await h.db.pool.query(
      "insert into public.users (telegram_user_id, display_name) select g, 'user ' || g from generate_series($1::bigint, $2::bigint) g",
      [FIRST_CHAT, FIRST_CHAT + CHATS - 1],
    );
    for (let id = FIRST_CHAT; id < FIRST_CHAT + CHATS; id++) h.telegram.users.get(id);
    const customer = h.telegram.users.get(CUSTOMER_CHAT);
    const admin = h.telegram.users.get(ADMIN_TELEGRAM_ID);
    admin.sendText("/admin_broadcast New feature: weekly reports every Monday");
    await h.next(
      admin.chatId,
      `Broadcast queued for ${(CHATS + 1).toLocaleString("en-US")} chats`,
      30_000,
    );

    const ours = (chat: unknown) => Number(chat) >= FIRST_CHAT && Number(chat) < FIRST_CHAT + CHATS;
    const delivered = () =>
      Object.keys(h.telegram.calls.counters().sentPerChat).filter(ours).length;
    const deadline = Date.now() + 200_000;
    while (delivered() < CHATS / 10 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    // A knight finishes while the broadcast is still going out.
    await h.notifier.send({ chatId: customer.chatId, text: "Your website is live." });
    while (delivered() < CHATS && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 250));

    const counters = h.telegram.calls.counters();
    const perChat = Object.entries(counters.sentPerChat).filter(([c]) => ours(c));
    expect(perChat).toHaveLength(CHATS);
    expect(perChat.every(([, n]) => n === 1)).toBe(true);
    const jobs = await h.queues
      .queue("outbox")
      .getJobCounts("failed", "waiting", "active", "delayed", "prioritized");
    expect(jobs).toMatchObject({ failed: 0, waiting: 0, delayed: 0, prioritized: 0 });

    // The notification went out within a few sends of being queued, not after the broadcast.
    const sends = h.tg.sandbox.calls.find({ method: "sendMessage", ok: true });
    const notified = sends.findIndex((c) => Number(c.params.chat_id) === customer.chatId);
    expect(notified).toBeGreaterThan(0);
    const broadcastBefore = sends.slice(0, notified).filter((c) => ours(c.params.chat_id)).length;
    expect(broadcastBefore).toBeLessThan(CHATS / 2);
  }, 240_000);
});
