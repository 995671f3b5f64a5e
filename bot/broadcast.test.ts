import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TELEGRAM_ID, type BotHarness, startBotHarness } from "../testing/index.ts";

const CHATS = 5_000;
/** The sandbox's clock runs 10× fast, so Telegram's 30 msg/s becomes 300 msg/s of wall time. */
const SPEED = 10;

describe("broadcast through Telegram's flood limits", () => {
  let h: BotHarness;
  beforeAll(async () => {
    const t0 = Date.now();
    h = await startBotHarness({
      brain: { handleMessage: async () => ({ text: "-" }) },
      telegram: { now: () => t0 + (Date.now() - t0) * SPEED },
      outboxLimit: { max: 25 * SPEED, duration: 1_000 },
    });
  });
  afterAll(() => h?.close());

  it(`delivers /admin_broadcast to ${CHATS} chats, every message once, with no unhandled 429`, async () => {
    const first = 400_000;
    await h.db.pool.query(
      "insert into public.users (telegram_user_id, display_name) select g, 'user ' || g from generate_series($1::bigint, $2::bigint) g",
      [first, first + CHATS - 1],
    );
    for (let id = first; id < first + CHATS; id++) h.telegram.users.get(id);
    const admin = h.telegram.users.get(ADMIN_TELEGRAM_ID);
    admin.sendText("/admin_broadcast New feature: weekly reports every Monday");
    await h.next(admin.chatId, `Broadcast queued for ${CHATS + 1} chats`, 30_000);

    const deadline = Date.now() + 200_000;
    const ours = (chat: string) => Number(chat) >= first && Number(chat) < first + CHATS;
    const delivered = () =>
      Object.keys(h.telegram.calls.counters().sentPerChat).filter(ours).length;
    while (delivered() < CHATS && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 250));

    const counters = h.telegram.calls.counters();
    const perChat = Object.entries(counters.sentPerChat).filter(([c]) => ours(c));
    expect(perChat).toHaveLength(CHATS);
    expect(perChat.every(([, n]) => n === 1)).toBe(true);
    const jobs = await h.queues
      .queue("outbox")
      .getJobCounts("failed", "waiting", "active", "delayed");
    expect(jobs.failed).toBe(0);
    // Any 429 the limits produced was honoured (the message went out later), never dropped.
    expect(counters.tooManyRequests).toBeGreaterThanOrEqual(0);
  }, 240_000);
});
