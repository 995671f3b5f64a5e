/**
 * Webhook ingest: non-model updates (/help, /status from known customers)
 * POSTed to `/telegram/webhook` of the real product process (`startMouse`
 * as `main.ts all` runs it, webhook mode, real database), by autocannon from this process. Figure: the
 * accepted updates per second with their latency; also how fast the queued
 * updates were then handled end to end (replies seen by the sandbox).
 * Baseline: a bare grammY bot replying to the same updates in the request.
 */
import autocannon from "autocannon";
import { createQueueKit } from "../../queue/index.ts";
import { DEFAULT_BOT } from "../../sandbox/telegram/index.ts";
import { testNamespace } from "../../testing/index.ts";
import { openBenchDatabase } from "../database.ts";
import { type Child, freePort, spawnScript, waitForStatus } from "../processes.ts";
import { obliterateQueues } from "../queues.ts";
import { num, type Row, type RowContext } from "../report.ts";
import { sleep } from "../stats.ts";

const SECRET = "bench-webhook-secret-0123456789";
const FIRST_CHAT = 1_000_000;

/** How long autocannon sends: for a time, or a number of updates. */
type Span = { seconds: number } | { updates: number };

/**
 * The chats are many enough that none of them trips the bot's per-user rate
 * limit (20 updates in 10 s, `bot/create-bot.ts`): it drops a chat's excess
 * updates after one notice, and they would never be answered. Full: 10,000
 * chats share the backlog, each answered well under once a second. Quick: a
 * set number of updates rather than a time, so a fast machine does not send
 * one chat more than the limit allows.
 */
const settings: Record<
  "full" | "quick",
  { chats: number; connections: number; load: Span; warmup: Span; drainMs: number }
> = {
  full: {
    chats: 10_000,
    connections: 100,
    load: { seconds: 30 },
    warmup: { seconds: 3 },
    // How long to wait for the backlog to be handled (BENCH_DRAIN_MS shortens it when only ingest matters).
    drainMs: Number(process.env.BENCH_DRAIN_MS ?? 180_000),
  },
  // The quick check is that every accepted update is handled, however slowly a loaded CI machine does it.
  quick: {
    chats: 1_000,
    connections: 20,
    load: { updates: 3_000 },
    warmup: { updates: 400 },
    drainMs: 120_000,
  },
};

const describeSpan = (span: Span) =>
  "seconds" in span ? `for ${span.seconds} s` : `for ${num(span.updates)} updates`;

type Load = {
  statusCodes: Record<string, number>;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  ok: number;
  seconds: number;
};

/** Updates with unique ids from a rotating set of private chats, alternating /help and /status. */
function updateFactory(chats: number) {
  let next = 1;
  return () => {
    const id = next++;
    const user = FIRST_CHAT + (id % chats);
    const text = id % 2 === 0 ? "/help" : "/status";
    return JSON.stringify({
      update_id: id,
      message: {
        message_id: id,
        date: Math.floor(Date.now() / 1000),
        chat: { id: user, type: "private", first_name: `User ${user}` },
        from: { id: user, is_bot: false, first_name: `User ${user}` },
        text,
        entities: [{ type: "bot_command", offset: 0, length: text.length }],
      },
    });
  };
}

async function load(url: string, body: () => string, connections: number, span: Span) {
  const result = await autocannon({
    url: `${url}/telegram/webhook`,
    connections,
    ...("seconds" in span ? { duration: span.seconds } : { amount: span.updates }),
    timeout: 10,
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
    requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
  });
  return {
    perSecond: result["2xx"] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
    ),
    ok: result["2xx"],
    seconds: result.duration,
  } satisfies Load;
}

async function replies(sandboxUrl: string): Promise<number> {
  const res = await fetch(`${sandboxUrl}/_sandbox/calls?limit=1`);
  const body = (await res.json()) as { counters: { perMethod: Record<string, number> } };
  return body.counters.perMethod.sendMessage ?? 0;
}

/** Waits until the sandbox has seen `expected` replies; returns when (ms since epoch) or undefined. */
async function drained(sandboxUrl: string, expected: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await replies(sandboxUrl)) >= expected) return Date.now();
    await sleep(100);
  }
  return undefined;
}

/** Customers with an owner on Telegram, one knight and two tasks each, so /status has rows to read. */
export async function seed(pool: import("pg").Pool, chats: number) {
  await pool.query(
    `insert into public.customers (name, plan) select 'Bench ' || g, 'pro' from generate_series(0, $1 - 1) g`,
    [chats],
  );
  await pool.query(
    `insert into public.users (telegram_user_id, display_name) select $2::bigint + g, 'User ' || g from generate_series(0, $1 - 1) g`,
    [chats, FIRST_CHAT],
  );
  await pool.query(
    `insert into public.memberships (user_id, customer_id, role)
     select u.id, c.id, 'owner' from public.users u join public.customers c
       on c.name = 'Bench ' || (u.telegram_user_id - $1)`,
    [FIRST_CHAT],
  );
  await pool.query(
    `insert into public.employees (customer_id, name, role_template)
     select id, 'Knight of ' || name, 'ops_assistant' from public.customers`,
  );
  await pool.query(
    `insert into public.tasks (customer_id, employee_id, request, status, step_count)
     select e.customer_id, e.id, r.request, r.status, 7 from public.employees e
     cross join (values ('Update the opening hours on the website', 'succeeded'),
                        ('Answer this week''s reviews', 'running')) r(request, status)`,
  );
}

async function runProduct(ctx: RowContext, s: (typeof settings)["full"], sandboxUrl: string) {
  const database = await openBenchDatabase({ queue: !process.env.REDIS_URL });
  const namespace = testNamespace();
  let product: Child | undefined;
  try {
    await seed(database.db.pool, s.chats);
    await database.release();
    const port = await freePort();
    product = spawnScript("bench/targets/product.ts", [], {
      env: {
        BENCH_NAMESPACE: namespace,
        ...database.env,
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        TELEGRAM_BOT_TOKEN: DEFAULT_BOT.token,
        TELEGRAM_API_ROOT: sandboxUrl,
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        APP_SECRET: "bench-app-secret-0123456789abcdef0123456789",
        LOG_LEVEL: "info",
        NODE_ENV: "production",
        // Models, Orgo and Stripe stay on their stand-ins here, said out loud as production requires.
        ALLOW_SANDBOX: "anthropic,openai,orgo,stripe",
        // e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where the product's time goes.
        NODE_OPTIONS: process.env.BENCH_PRODUCT_NODE_OPTIONS,
      },
    });
    const url = `http://127.0.0.1:${port}`;
    await waitForStatus(`${url}/readyz`, { timeoutMs: 120_000 }).catch((error) => {
      throw new Error(`${(error as Error).message}\n${product!.output()}`);
    });
    ctx.log(`webhook: product ready (${database.describe}), warming up`);
    const body = updateFactory(s.chats);
    const before = await replies(sandboxUrl);
    const warm = await load(url, body, s.connections, s.warmup);
    await drained(sandboxUrl, before + warm.ok, s.drainMs);
    const start = await replies(sandboxUrl);
    const startedAt = Date.now();
    ctx.log(`webhook: ${s.connections} connections ${describeSpan(s.load)}`);
    const measured = await load(url, body, s.connections, s.load);
    if (product.process.exitCode !== null || product.process.signalCode !== null)
      throw new Error(`the product exited during the run:\n${product.output().slice(-3_000)}`);
    const backlog = measured.ok - ((await replies(sandboxUrl)) - start);
    const doneAt = await drained(sandboxUrl, start + measured.ok, s.drainMs);
    const handled = (await replies(sandboxUrl)) - start;
    const handledPerSecond = handled / (((doneAt ?? Date.now()) - startedAt) / 1000);
    return {
      measured,
      handled,
      handledPerSecond,
      backlog,
      drainSeconds: doneAt ? (doneAt - startedAt) / 1000 - measured.seconds : null,
      describe: database.describe,
    };
  } finally {
    await product?.stop();
    await database.close();
    if (process.env.REDIS_URL) await obliterate(process.env.REDIS_URL, namespace);
  }
}

/** Removes a run's queues from a shared Redis (the Postgres queue went with the database). */
async function obliterate(url: string, namespace: string) {
  const kit = createQueueKit({ kind: "redis", url }, { namespace });
  await obliterateQueues(kit).finally(() => kit.close());
}

async function runBaseline(s: (typeof settings)["full"], sandboxUrl: string) {
  const port = await freePort();
  const bare = spawnScript("bench/targets/bare-grammy.ts", [], {
    env: {
      PORT: String(port),
      TELEGRAM_API_ROOT: sandboxUrl,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    },
  });
  try {
    await bare.line(/bare grammY bot on/);
    const url = `http://127.0.0.1:${port}`;
    const body = updateFactory(s.chats);
    await load(url, body, s.connections, s.warmup);
    return await load(url, body, s.connections, s.load);
  } finally {
    await bare.stop();
  }
}

export const webhookRow: Row = {
  id: "webhook",
  name: "webhook ingest",
  target: "≥ 2,000 updates/s, p99 ≤ 50 ms, 0 errors",
  async run(ctx) {
    const s = settings[ctx.mode];
    const telegram = spawnScript("bench/targets/telegram.ts", [], {
      env: { BENCH_CHATS_FROM: String(FIRST_CHAT), BENCH_CHATS: String(s.chats) },
    });
    try {
      const sandboxUrl = (await telegram.line(/telegram sandbox on (\S+)/))[1]!;
      const ours = await runProduct(ctx, s, sandboxUrl);
      ctx.log("webhook: baseline (bare grammY)");
      const base = await runBaseline(s, sandboxUrl);
      const m = ours.measured;
      const pass = m.perSecond >= 2_000 && m.p99 <= 50 && m.errors === 0;
      return {
        figure: `${num(m.perSecond)} updates/s accepted, p50 ${num(m.p50, 1)} ms, p99 ${num(m.p99, 1)} ms, ${num(m.errors)} errors; handled end to end ${num(ours.handledPerSecond)}/s`,
        baseline: `bare grammY: ${num(base.perSecond)} updates/s, p99 ${num(base.p99, 1)} ms, ${num(base.errors)} errors`,
        ratio: m.perSecond / base.perSecond,
        ratioMeaning: "× baseline updates/s",
        pass,
        metrics: {
          acceptedPerSecond: m.perSecond,
          p50Ms: m.p50,
          p99Ms: m.p99,
          errors: m.errors,
          accepted: m.ok,
          handled: ours.handled,
          handledPerSecond: ours.handledPerSecond,
          backlogAtEnd: ours.backlog,
          drainSeconds: ours.drainSeconds,
          baseline: base,
          connections: s.connections,
          seconds: m.seconds,
          chats: s.chats,
          database: ours.describe,
          queue: process.env.REDIS_URL ? "BullMQ on Redis" : "BullMQ on Postgres",
        },
        notes: [
          `${ours.describe}; queue ${process.env.REDIS_URL ? "BullMQ on Redis" : "BullMQ on the same Postgres"}; product, sandbox Telegram (no flood limits) and autocannon in three processes`,
          `backlog when the load stopped: ${num(ours.backlog)} updates, drained ${ours.drainSeconds === null ? "not within the wait" : `${num(ours.drainSeconds, 1)} s later`}`,
        ],
      };
    } finally {
      await telegram.stop();
    }
  },
};
