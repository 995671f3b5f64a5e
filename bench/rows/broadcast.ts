/**
 * Broadcast: an admin's `/admin_broadcast` reaches every user through the
 * product's bot, outbox queue and outbox worker, against the sandbox Bot
 * API's real flood limits (30 msg/s per bot, 1 msg/s per chat). Figure: the
 * delivered rate on the sandbox's clock against the 30 msg/s limit, messages
 * lost, and 429s left unhandled (a failed job or a missing message).
 * Baseline: a plain sendMessage loop over the same chats, counting its 429s.
 *
 * Full mode runs in real time (10,000 chats take about 7 minutes). The
 * sandbox clock may run faster than the wall clock (BENCH_BROADCAST_SPEED;
 * quick mode uses 10); the outbox limiter's window is shortened by the same
 * factor, so both sides see the same rates in sandbox time. A 429's
 * retry_after is still honoured in wall time, and the worker must keep up
 * with the faster rate, so a speed-up can only make our figure worse.
 */
import { Api, GrammyError } from "grammy";
import { OUTBOX_LIMIT } from "../../bot/index.ts";
import {
  DEFAULT_BOT,
  type RunningTelegramSandbox,
  startTelegramSandbox,
} from "../../sandbox/telegram/index.ts";
import { ADMIN_TELEGRAM_ID, startBotHarness } from "../../testing/index.ts";
import { num, type Row } from "../report.ts";
import { waitUntil } from "../stats.ts";

/** Telegram's overall limit for one bot, which the sandbox enforces. */
const TELEGRAM_LIMIT_PER_SECOND = 30;
const FIRST_CHAT = 400_000;

const settings = { full: { chats: 10_000 }, quick: { chats: 300 } };

/** A clock that starts now and runs `speed` times faster. */
function fastClock(speed: number) {
  const t0 = Date.now();
  return () => t0 + (Date.now() - t0) * speed;
}

/** Delivered messages to our chats: count, and the sandbox-clock span from first to last. */
function deliveries(tg: RunningTelegramSandbox, chats: number) {
  const ours = (chatId: unknown) =>
    Number(chatId) >= FIRST_CHAT && Number(chatId) < FIRST_CHAT + chats;
  const sent = tg.sandbox.calls
    .find({ method: "sendMessage", ok: true })
    .filter((c) => ours(c.params.chat_id));
  const perChat = new Map<number, number>();
  for (const c of sent)
    perChat.set(Number(c.params.chat_id), (perChat.get(Number(c.params.chat_id)) ?? 0) + 1);
  const spanMs = sent.length > 1 ? sent.at(-1)!.at - sent[0]!.at : 0;
  return {
    delivered: perChat.size,
    duplicates: sent.length - perChat.size,
    perSecond: spanMs > 0 ? ((sent.length - 1) / spanMs) * 1000 : Number.NaN,
    tooManyRequests: tg.sandbox.calls.counters().tooManyRequests,
  };
}

async function runProduct(chats: number, speed: number, log: (m: string) => void) {
  const h = await startBotHarness({
    backend: process.env.DATABASE_URL ? "postgres" : "pglite",
    // BullMQ where the product would run it: Redis when there is one.
    queue: process.env.REDIS_URL ? "redis" : "postgres",
    brain: { handleMessage: async () => ({ text: "-" }) },
    telegram: { now: fastClock(speed), maxRecordedCalls: chats * 3 + 1_000 },
    outboxLimit: { max: OUTBOX_LIMIT.max, duration: OUTBOX_LIMIT.duration / speed },
  });
  try {
    await h.db.pool.query(
      "insert into public.users (telegram_user_id, display_name) select g, 'user ' || g from generate_series($1::bigint, $2::bigint) g",
      [FIRST_CHAT, FIRST_CHAT + chats - 1],
    );
    for (let id = FIRST_CHAT; id < FIRST_CHAT + chats; id++) h.telegram.users.get(id);
    const admin = h.telegram.users.get(ADMIN_TELEGRAM_ID);
    admin.sendText("/admin_broadcast Weekly reports now arrive every Monday at 9:00.");
    await h.next(admin.chatId, "Broadcast queued", 120_000);
    log(`broadcast: queued ${num(chats)} messages, sending`);
    const outbox = h.queues.queue("outbox");
    const idle = async () => {
      const c = await outbox.getJobCounts("waiting", "active", "delayed", "prioritized");
      return Object.values(c).every((n) => !n);
    };
    // Enough for the whole list at a third of the limit, then whatever is left is lost.
    const limitMs = ((chats / TELEGRAM_LIMIT_PER_SECOND) * 3 * 1_000) / speed + 30_000;
    await waitUntil(async () => deliveries(h.tg, chats).delivered >= chats && (await idle()), {
      timeoutMs: limitMs,
      everyMs: 250,
    });
    const counts = await outbox.getJobCounts("failed");
    const d = deliveries(h.tg, chats);
    return { ...d, lost: chats - d.delivered, failedJobs: counts.failed ?? 0 };
  } finally {
    await h.close();
  }
}

/** The naive way: send to every chat as fast as the API answers, skipping whatever fails. */
async function runBaseline(chats: number, speed: number) {
  const tg = await startTelegramSandbox({ now: fastClock(speed), maxRecordedCalls: chats + 1_000 });
  try {
    for (let id = FIRST_CHAT; id < FIRST_CHAT + chats; id++) tg.sandbox.users.get(id);
    const api = new Api(DEFAULT_BOT.token, { apiRoot: tg.apiRoot });
    let tooMany = 0;
    for (let id = FIRST_CHAT; id < FIRST_CHAT + chats; id++) {
      await api
        .sendMessage(id, "Weekly reports now arrive every Monday at 9:00.")
        .catch((error) => {
          if (error instanceof GrammyError && error.error_code === 429) tooMany++;
          else throw error;
        });
    }
    const d = deliveries(tg, chats);
    return { ...d, lost: chats - d.delivered, tooMany };
  } finally {
    await tg.close();
  }
}

export const broadcastRow: Row = {
  id: "broadcast",
  name: "broadcast",
  target: "≥ 95% of 30 msg/s delivered, 0 lost, 0 unhandled 429",
  async run(ctx) {
    const { chats } = settings[ctx.mode];
    const speed = Number(process.env.BENCH_BROADCAST_SPEED ?? (ctx.mode === "full" ? 1 : 10));
    const ours = await runProduct(chats, speed, ctx.log);
    ctx.log("broadcast: baseline (plain sendMessage loop)");
    const base = await runBaseline(chats, speed);
    const share = ours.perSecond / TELEGRAM_LIMIT_PER_SECOND;
    const unhandled = ours.failedJobs + ours.lost;
    return {
      figure: `${num(ours.perSecond, 1)} msg/s (${num(share * 100, 1)}% of 30) to ${num(chats)} chats, ${num(ours.lost)} lost, ${num(unhandled)} unhandled 429 (${num(ours.tooManyRequests)} 429s honoured)`,
      baseline: `plain loop: ${num(base.perSecond, 1)} msg/s, ${num(base.tooMany)} × 429, ${num(base.lost)} lost`,
      ratio: ours.delivered / Math.max(1, base.delivered),
      ratioMeaning: "× messages delivered by the loop",
      pass: share >= 0.95 && ours.lost === 0 && unhandled === 0 && ours.duplicates === 0,
      metrics: {
        ...ours,
        share,
        unhandled,
        baseline: base,
        chats,
        clockSpeed: speed,
        outboxLimit: OUTBOX_LIMIT,
      },
      notes: [
        `${speed === 1 ? "real time" : `sandbox clock ×${speed} (rates in sandbox time; outbox window ÷${speed})`}; database ${process.env.DATABASE_URL ? "PostgreSQL server" : "embedded PGlite"}, BullMQ on ${process.env.REDIS_URL ? "Redis" : "Postgres"}`,
        `the outbox worker's limiter is ${OUTBOX_LIMIT.max} per ${OUTBOX_LIMIT.duration} ms (bot/outbox.ts), i.e. ${num((OUTBOX_LIMIT.max / TELEGRAM_LIMIT_PER_SECOND) * 100, 1)}% of Telegram's 30/s`,
      ],
    };
  },
};
