/**
 * Reply latency: a steady stream of non-model commands (/help, /status from
 * known customers, each update from a chat of its own) POSTed to the real
 * product's `/telegram/webhook`, and the time from each POST to the bot's
 * `sendMessage` for that chat reaching the sandbox Bot API (a process of
 * its own, noting arrivals). Baseline: bare grammY answering the same
 * updates inline, under the same stream, in the same run.
 */
import { DEFAULT_BOT } from "../../sandbox/telegram/index.ts";
import { testNamespace } from "../../testing/index.ts";
import { openBenchDatabase } from "../database.ts";
import { type Child, freePort, spawnScript, waitForStatus } from "../processes.ts";
import { num, type Row, type RowContext } from "../report.ts";
import { percentile, sleep } from "../stats.ts";
import { seed } from "./webhook.ts";

const SECRET = "bench-reply-secret-0123456789";
const FIRST_CHAT = 1_000_000;

const settings = {
  full: { rate: 300, seconds: 20, warmupS: 3 },
  quick: { rate: 100, seconds: 3, warmupS: 1 },
};
type Settings = (typeof settings)["full"];

const now = () => performance.timeOrigin + performance.now();

/** Update `n` of the stream, from chat FIRST_CHAT + n, /help and /status in turn. */
function update(n: number): string {
  const chat = FIRST_CHAT + n;
  const text = n % 2 === 0 ? "/help" : "/status";
  return JSON.stringify({
    update_id: n + 1,
    message: {
      message_id: n + 1,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chat, type: "private", first_name: `User ${chat}` },
      from: { id: chat, is_bot: false, first_name: `User ${chat}` },
      text,
      entities: [{ type: "bot_command", offset: 0, length: text.length }],
    },
  });
}

/**
 * Sends updates `from`…`from + rate × seconds` at a steady rate (open loop:
 * every 10 ms its share, whatever the answers do). Returns when each was sent.
 */
async function stream(url: string, from: number, rate: number, seconds: number) {
  const sent = new Map<number, number>();
  const failures: string[] = [];
  const total = Math.round(rate * seconds);
  const started = now();
  const inFlight: Promise<void>[] = [];
  let next = 0;
  while (next < total) {
    const due = Math.min(total, Math.floor(((now() - started) / 1000) * rate) + 1);
    for (; next < due; next++) {
      const n = from + next;
      const body = update(n);
      sent.set(n, now());
      inFlight.push(
        fetch(`${url}/telegram/webhook`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-telegram-bot-api-secret-token": SECRET,
          },
          body,
        })
          .then(async (res) => {
            await res.arrayBuffer();
            if (!res.ok) failures.push(String(res.status));
          })
          .catch((error: Error) => void failures.push(error.message)),
      );
    }
    await sleep(10);
  }
  await Promise.all(inFlight);
  return { sent, failures };
}

/** Waits (up to 2 minutes) until every update in `sent` has its reply; returns the replies. */
async function replies(telegram: string, sent: ReadonlyMap<number, number>) {
  const deadline = Date.now() + 120_000;
  let replies: Record<string, number> = {};
  for (;;) {
    replies = (await (await fetch(`${telegram}/_bench/replies`)).json()) as Record<string, number>;
    const missing = [...sent.keys()].some((n) => replies[String(FIRST_CHAT + n)] === undefined);
    if (!missing || Date.now() > deadline) return replies;
    await sleep(200);
  }
}

/** POST → sendMessage for every update of the measured stream, once all replies arrived. */
async function measure(ctx: RowContext, who: string, url: string, telegram: string, s: Settings) {
  const warm = Math.round(s.rate * s.warmupS);
  // Warm up, and let the warm-up's replies all arrive before measuring.
  await replies(telegram, (await stream(url, 0, s.rate, s.warmupS)).sent);
  await fetch(`${telegram}/_bench/replies/reset`, { method: "POST" });
  ctx.log(`reply latency: ${who}, ${s.rate} updates/s for ${s.seconds} s`);
  const { sent, failures } = await stream(url, warm, s.rate, s.seconds);
  const answered = await replies(telegram, sent);
  const latencies: number[] = [];
  for (const [n, at] of sent) {
    const reply = answered[String(FIRST_CHAT + n)];
    if (reply !== undefined) latencies.push(reply - at);
  }
  return {
    updates: sent.size,
    answered: latencies.length,
    errors: failures.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

async function product(ctx: RowContext, s: Settings, telegram: string, chats: number) {
  const database = await openBenchDatabase({ queue: !process.env.REDIS_URL });
  let child: Child | undefined;
  try {
    await seed(database.db.pool, chats);
    await database.release();
    const port = await freePort();
    child = spawnScript("bench/targets/product.ts", [], {
      env: {
        BENCH_NAMESPACE: testNamespace(),
        ...database.env,
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        TELEGRAM_BOT_TOKEN: DEFAULT_BOT.token,
        TELEGRAM_API_ROOT: telegram,
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        APP_SECRET: "bench-app-secret-0123456789abcdef0123456789",
        LOG_LEVEL: "warn",
        NODE_ENV: "production",
        // Models, Orgo and Stripe stay on their stand-ins here, said out loud as production requires.
        ALLOW_SANDBOX: "anthropic,openai,orgo,stripe",
      },
    });
    const url = `http://127.0.0.1:${port}`;
    await waitForStatus(`${url}/readyz`, { timeoutMs: 120_000 }).catch((error) => {
      throw new Error(`${(error as Error).message}\n${child!.output()}`);
    });
    return {
      ...(await measure(ctx, "the product", url, telegram, s)),
      database: database.describe,
    };
  } finally {
    await child?.stop();
    await database.close();
  }
}

async function bare(ctx: RowContext, s: Settings, telegram: string) {
  const port = await freePort();
  const child = spawnScript("bench/targets/bare-grammy.ts", [], {
    env: { PORT: String(port), TELEGRAM_API_ROOT: telegram, TELEGRAM_WEBHOOK_SECRET: SECRET },
  });
  try {
    await child.line(/bare grammY bot on/);
    return await measure(ctx, "bare grammY", `http://127.0.0.1:${port}`, telegram, s);
  } finally {
    await child.stop();
  }
}

export const replyLatencyRow: Row = {
  id: "reply-latency",
  name: "reply latency",
  target: "POST → sendMessage p99 ≤ 2× bare grammY's at 300 updates/s",
  async run(ctx) {
    const s = settings[ctx.mode];
    const chats = Math.round(s.rate * (s.seconds + s.warmupS)) + 10;
    const telegram = spawnScript("bench/targets/telegram.ts", [], {
      env: {
        BENCH_CHATS_FROM: String(FIRST_CHAT),
        BENCH_CHATS: String(chats),
        BENCH_REPLY_TIMES: "1",
      },
    });
    try {
      const url = (await telegram.line(/telegram sandbox on (\S+)/))[1]!;
      const ours = await product(ctx, s, url, chats);
      const base = await bare(ctx, s, url);
      const ratio = ours.p99 / base.p99;
      return {
        figure: `p50 ${num(ours.p50, 1)} ms, p99 ${num(ours.p99, 1)} ms from POST to sendMessage at ${s.rate} updates/s; ${num(ours.answered)} of ${num(ours.updates)} answered, ${num(ours.errors)} errors`,
        baseline: `bare grammY answering inline: p50 ${num(base.p50, 1)} ms, p99 ${num(base.p99, 1)} ms`,
        ratio,
        ratioMeaning: `× bare grammY's p99 (p50 ${num(ours.p50 / base.p50, 2)}×)`,
        pass:
          ratio <= 2 &&
          ours.answered === ours.updates &&
          ours.errors === 0 &&
          base.answered === base.updates,
        metrics: {
          rate: s.rate,
          seconds: s.seconds,
          updates: ours.updates,
          answered: ours.answered,
          errors: ours.errors,
          p50Ms: ours.p50,
          p99Ms: ours.p99,
          baseline: base,
          database: ours.database,
        },
        notes: [
          `${ours.database}; queue ${process.env.REDIS_URL ? "BullMQ on Redis" : "BullMQ on Postgres"}; every update from a chat of its own, sent open loop; the sandbox Bot API notes each reply's arrival in its own process`,
        ],
      };
    } finally {
      await telegram.stop();
    }
  },
};
