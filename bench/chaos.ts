/**
 * `npm run chaos`: Mouse scaled out and treated badly, as an operator would
 * try it. A web process in webhook mode and two worker processes (`main.ts`)
 * run on a PostgreSQL and a Redis of this script's own (started here on free
 * ports: the machine's own servers are never touched), with the sandboxes for
 * Telegram, models, Orgo and Stripe. Customers onboard (answers sent at once,
 * one right after another), chat with King Mouse and run knights while a
 * worker is killed with SIGKILL mid-task several times, PostgreSQL is
 * restarted and Redis is stopped for 30 s. It prints lost, duplicated and
 * out-of-order messages, derailed onboardings, stuck tasks and duplicate
 * desktops, actions and charges; all must be 0, else it exits 1.
 *
 * Settings (environment): CHAOS_CUSTOMERS (20), CHAOS_PINGS (3 per round, 3
 * rounds), CHAOS_TASKS (10), CHAOS_KILLS (4), CHAOS_REDIS_OUTAGE_MS (30000),
 * PG_BIN (the newest /usr/lib/postgresql/<v>/bin).
 */
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCustomerInvite } from "../accounts/index.ts";
import { createKnightExecutors } from "../agents/knights/index.ts";
import { createData, createDatabase, migrate } from "../db/index.ts";
import { createLogger } from "../observability/index.ts";
import { createQueueKit } from "../queue/index.ts";
import { createScriptedBrain, type NormalizedRequest } from "../sandbox/models/index.ts";
import { type Cluster, startCluster, startRedisServer } from "../testing/cluster.ts";
import { freePort } from "../testing/ports.ts";

const CUSTOMERS = Number(process.env.CHAOS_CUSTOMERS ?? 20);
const PINGS = Number(process.env.CHAOS_PINGS ?? 3);
const ROUNDS = 3;
const TASKS = Number(process.env.CHAOS_TASKS ?? 10);
const EMPLOYEES = Math.max(1, Math.ceil(TASKS / 2));
const KILLS = Number(process.env.CHAOS_KILLS ?? 4);
const OUTAGE_MS = Number(process.env.CHAOS_REDIS_OUTAGE_MS ?? 30_000);
const ACTIONS = 6;

const log = (message: string) =>
  process.stdout.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Each knight types "<marker>-1 " … "<marker>-6 ", then reports done. */
const brain = createScriptedBrain({
  scenarios: [
    {
      name: "chaos",
      match: "[scenario:chaos]",
      steps: [
        ...Array.from({ length: ACTIONS }, (_, i) => (request: NormalizedRequest) => ({
          computer: [{ action: "type" as const, text: `${marker(request)}-${i + 1} ` }],
        })),
        (request: NormalizedRequest) => ({ text: `Done ${marker(request)}.` }),
      ],
    },
  ],
});
function marker(request: NormalizedRequest): string {
  const text = request.messages[0]?.parts
    .flatMap((p) => (p.type === "text" ? [p.text] : []))
    .join(" ");
  return /\[scenario:chaos\] (K\d+)/.exec(text ?? "")?.[1] ?? "K?";
}

/** A PostgreSQL server of the script's own, in `dir`, so it may be restarted. */
function startPostgres(dir: string, port: number) {
  const bin =
    process.env.PG_BIN ??
    (() => {
      const versions = readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a));
      return `/usr/lib/postgresql/${versions[0]}/bin`;
    })();
  if (!existsSync(join(bin, "pg_ctl"))) throw new Error(`no pg_ctl in ${bin} (set PG_BIN)`);
  // PostgreSQL refuses to run as root: then it runs as the postgres user.
  const root = process.getuid?.() === 0;
  // Output to a file, not a pipe: the server pg_ctl starts would hold a pipe open for good.
  const run = (tool: string, args: string[]) =>
    execFileSync(
      root ? "runuser" : join(bin, tool),
      root ? ["-u", "postgres", "--", join(bin, tool), ...args] : args,
      { stdio: ["ignore", "ignore", "inherit"] },
    );
  const data = join(dir, "data");
  mkdirSync(data);
  if (root) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, uid, gid);
    chownSync(data, uid, gid);
  }
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off`;
  const logFile = join(dir, "postgres.log");
  const ctl = (...args: string[]) => run("pg_ctl", ["-D", data, "-w", "-t", "120", ...args]);
  ctl("-o", options, "-l", logFile, "start");
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: () => ctl("-m", "fast", "-o", options, "-l", logFile, "restart"),
    stop: () => ctl("-m", "immediate", "stop"),
  };
}

async function main() {
  const started = Date.now();
  const dir = await mkdtemp(join(tmpdir(), "mouse-chaos-"));
  const pgDir = await mkdtemp(join(tmpdir(), "mouse-chaos-pg-"));
  log(`logs in ${dir}`);
  const pg = startPostgres(pgDir, await freePort());
  const redis = await startRedisServer(await freePort(), dir);
  let cluster: Cluster | undefined;
  // Interrupted (Ctrl+C), it still stops what it started.
  const interrupted = async () => {
    await cluster?.close();
    await redis.stop();
    try {
      pg.stop();
    } catch {}
    process.exit(130);
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  const db = await createDatabase({ kind: "server", url: pg.url, max: 4 });
  const kit = createQueueKit({ kind: "redis", url: redis.url });
  try {
    await migrate(db.pool, { queue: false });
    const data = createData(db);
    const query = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
      (await db.pool.query<T>(sql, params)).rows;
    cluster = await startCluster({
      databaseUrl: pg.url,
      redisUrl: redis.url,
      workers: 2,
      logDir: dir,
      models: { brain, faults: { latencyMs: 400 } },
    });
    const c = cluster;
    const sandbox = c.telegram.sandbox;
    log(`web + 2 workers ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);

    // Customers to onboard and chat.
    const [reseller] = await query<{ id: string }>(
      "insert into public.resellers (name) values ('Chaos Reseller') returning id",
    );
    const [staff] = await query<{ id: string }>(
      "insert into public.users (display_name) values ('Reseller staff') returning id",
    );
    await query(
      "insert into public.memberships (user_id, reseller_id, role) values ($1, $2, 'owner')",
      [staff!.id, reseller!.id],
    );
    const people = await Promise.all(
      Array.from({ length: CUSTOMERS }, async (_, i) => {
        const invite = await createCustomerInvite(
          data,
          { userId: staff!.id },
          { name: `Placeholder ${i}`, resellerId: reseller!.id, ttlHours: 2 },
        );
        return { i, user: sandbox.users.get(700_000 + i, { first_name: `P${i}` }), ...invite };
      }),
    );
    const pings = new Map<number, string[]>(people.map((p) => [p.i, []]));

    // Knights: a customer of their own on Team, employees, approved deployments.
    const [owner] = await query<{ id: string }>(
      "insert into public.users (telegram_user_id, display_name) values (799999, 'Knight owner') returning id",
    );
    // The owner has opened the bot, so the knights' notifications reach a chat.
    sandbox.users.get(799_999, { first_name: "Knight owner" });
    const [knightCustomer] = await query<{ id: string }>(
      "insert into public.customers (name, plan) values ('Chaos Knights', 'team') returning id",
    );
    await query(
      "insert into public.memberships (user_id, customer_id, role) values ($1, $2, 'owner')",
      [owner!.id, knightCustomer!.id],
    );
    const employees = await query<{ id: string }>(
      `insert into public.employees (customer_id, name, role_template)
       select $1, 'Knight ' || n, 'ops_assistant' from generate_series(1, ${EMPLOYEES}) n returning id`,
      [knightCustomer!.id],
    );
    const executors = createKnightExecutors({
      data,
      queues: kit,
      logger: createLogger({ level: "silent" }),
    });
    const taskIds: string[] = [];
    const deploy = async (from: number, to: number) => {
      for (let k = from; k < to; k++) {
        const [approval] = await query<Record<string, unknown>>(
          `insert into public.approvals (customer_id, kind, summary, payload, status, requested_by, decided_by, decided_at, expires_at)
           values ($1, 'deploy_employee', 'deploy', $2, 'approved', $3, $3, now(), now() + interval '1 hour') returning *`,
          [
            knightCustomer!.id,
            JSON.stringify({
              role: "ops_assistant",
              task: `[scenario:chaos] K${String(k).padStart(2, "0")}`,
              employeeId: employees[k % EMPLOYEES]!.id,
            }),
            owner!.id,
          ],
        );
        await executors.deploy_employee!(approval as never);
        const [task] = await query<{ id: string }>(
          "select id::text from public.tasks where approval_id = $1",
          [approval!.id],
        );
        taskIds.push(task!.id);
      }
    };

    let kills = 0;
    let crashes = 0;
    const killed = new Set<unknown>();
    const alive = (w: (typeof c.workers)[number]) =>
      w.child.exitCode === null && w.child.signalCode === null;
    /** A worker that died by itself is counted (it must not happen) and replaced. */
    const replaceCrashed = async () => {
      for (const w of [...c.workers])
        if (!alive(w) && !killed.has(w)) {
          killed.add(w);
          crashes++;
          log(`worker ${w.url} died by itself`);
          await c.spawnWorker();
        }
    };
    const killWorker = async () => {
      await replaceCrashed();
      const victim = c.workers.find(alive);
      if (!victim) return;
      killed.add(victim);
      await victim.stop("SIGKILL");
      kills++;
      log(`SIGKILL worker ${victim.url} (${kills})`);
      await c.spawnWorker();
      log("a new worker is ready");
    };
    const botTexts = (chatId: number) =>
      sandbox
        .chat(chatId)
        .messages.filter((m) => m.from_bot && !m.deleted)
        .map((m) => m.text ?? "");
    const sendPings = (round: number) => {
      for (const p of people)
        for (let n = 1; n <= PINGS; n++) {
          const text = `ping ${p.i}-${round}-${n}`;
          pings.get(p.i)!.push(text);
          p.user.sendText(text);
        }
    };

    // 1. Onboarding, answers at once, with the first knights at work and a worker killed.
    await deploy(0, Math.ceil(TASKS / 2));
    for (const p of people) {
      p.user.start(p.token);
      p.user.sendText(`Business ${p.i}`);
      p.user.sendText(`Needs of business ${p.i}`);
    }
    await sleep(1_500);
    await killWorker();
    const pressed = new Set<number>();
    const onboardDeadline = Date.now() + 240_000;
    while (pressed.size < people.length && Date.now() < onboardDeadline) {
      for (const p of people) {
        if (pressed.has(p.i)) continue;
        const plans = sandbox
          .chat(p.user.chatId)
          .messages.find((m) => m.from_bot && m.text?.includes("Pick a plan"));
        if (plans) {
          p.user.pressButton(plans.message, "plan:free");
          pressed.add(p.i);
        }
      }
      await sleep(250);
    }
    const welcomed = async () =>
      people.every((p) => botTexts(p.user.chatId).some((t) => t.includes("You're all set")));
    await waitFor("every welcome", welcomed, 240_000);
    log(`onboarding done: ${pressed.size}/${people.length} reached the plan question`);

    // 2. Chat, a kill mid-task, PostgreSQL restarted under load.
    sendPings(1);
    await killWorker();
    await deploy(Math.ceil(TASKS / 2), TASKS);
    log("restarting PostgreSQL");
    pg.restart();
    log("PostgreSQL is back");
    await sleep(2_000);
    await replaceCrashed();
    sendPings(2);
    await sleep(3_000);

    // 3. Redis stopped for the outage while customers keep writing.
    log(`stopping Redis for ${OUTAGE_MS / 1000} s`);
    await redis.stop();
    const outageStart = Date.now();
    await sleep(Math.min(2_000, OUTAGE_MS));
    sendPings(3);
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - outageStart)));
    await redis.start();
    log("Redis is back");
    await replaceCrashed();
    while (kills < KILLS) {
      await sleep(2_000);
      await killWorker();
    }

    // 4. Settle, then count.
    const final = ["succeeded", "failed", "cancelled"];
    const tasksDone = async () =>
      (
        await query<{ n: number }>(
          "select count(*)::int as n from public.tasks where id = any($1) and status <> all($2)",
          [taskIds, final],
        )
      )[0]!.n === 0;
    const pingsAnswered = async () =>
      people.every((p) => answersAfterWelcome(botTexts(p.user.chatId)) >= ROUNDS * PINGS);
    await waitFor(
      "tasks and replies to settle",
      async () => (await tasksDone()) && (await pingsAnswered()),
      300_000,
    ).catch((error: Error) => log(error.message));
    await sleep(3_000); // a duplicate on its way would land now
    await replaceCrashed();

    const report = {
      "workers that died by themselves": crashes,
      ...(await count({ query, people, pings, taskIds, cluster: c, botTexts })),
    };
    const elapsed = ((Date.now() - started) / 1000).toFixed(0);
    log(
      `${CUSTOMERS} customers, ${ROUNDS * PINGS} messages each, ${TASKS} knight tasks; ` +
        `${kills} SIGKILLs, PostgreSQL restarted once, Redis down ${OUTAGE_MS / 1000} s; ${elapsed} s`,
    );
    const width = Math.max(...Object.keys(report).map((k) => k.length));
    for (const [k, v] of Object.entries(report))
      process.stdout.write(`  ${k.padEnd(width)}  ${v}\n`);
    const bad = Object.entries(report).filter(([k, v]) => !k.startsWith("(") && v !== 0);
    process.exitCode = bad.length === 0 ? 0 : 1;
    log(bad.length === 0 ? "PASS: all zero" : `FAIL: ${bad.map(([k]) => k).join(", ")}`);
  } finally {
    await cluster?.close();
    await kit.close();
    await db.close();
    await redis.stop();
    try {
      pg.stop();
    } catch {}
    if (process.exitCode === 0) {
      await rm(dir, { recursive: true, force: true });
      await rm(pgDir, { recursive: true, force: true });
    }
  }
}

/** Bot messages after the onboarding's welcome: the answers to the pings. */
function answersAfterWelcome(texts: string[]) {
  const welcome = texts.findIndex((t) => t.includes("You're all set"));
  return welcome < 0 ? 0 : texts.length - 1 - welcome;
}

async function waitFor(what: string, ok: () => Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

type Query = <T extends Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;

async function count({
  query,
  people,
  pings,
  taskIds,
  cluster,
  botTexts,
}: {
  query: Query;
  people: { i: number; customerId: string; user: { chatId: number } }[];
  pings: Map<number, string[]>;
  taskIds: string[];
  cluster: Cluster;
  botTexts: (chatId: number) => string[];
}) {
  const ids = people.map((p) => p.customerId);
  const customers = await query<{ id: string; name: string; business_description: string }>(
    "select id::text, name, business_description from public.customers where id = any($1)",
    [ids],
  );
  const derailed = people.filter((p) => {
    const c = customers.find((r) => r.id === p.customerId);
    return c?.name !== `Business ${p.i}` || c.business_description !== `Needs of business ${p.i}`;
  }).length;
  let lostStored = 0;
  let duplicatedStored = 0;
  let outOfOrder = 0;
  let unanswered = 0;
  let extraAnswers = 0;
  for (const p of people) {
    const rows = await query<{ text: string }>(
      `select substring(content::text from 'ping [0-9]+-[0-9]+-[0-9]+') as text from public.messages
        where role = 'user' and customer_id = $1 and content::text like '%ping %' order by id`,
      [p.customerId],
    );
    const stored = rows.map((r) => r.text);
    const sent = pings.get(p.i)!;
    lostStored += sent.filter((s) => !stored.includes(s)).length;
    duplicatedStored += stored.length - new Set(stored).size;
    const firstSeen = stored.filter((s, i) => stored.indexOf(s) === i);
    if (JSON.stringify(firstSeen) !== JSON.stringify(sent.filter((s) => firstSeen.includes(s))))
      outOfOrder++;
    const answers = answersAfterWelcome(botTexts(p.user.chatId));
    unanswered += Math.max(0, sent.length - answers);
    extraAnswers += Math.max(0, answers - sent.length);
  }
  const tasks = await query<{ status: string; employee_id: string }>(
    "select status, employee_id::text from public.tasks where id = any($1)",
    [taskIds],
  );
  const stuck = tasks.filter((t) => !["succeeded", "failed", "cancelled"].includes(t.status));
  const failed = tasks.filter((t) => t.status !== "succeeded" && !stuck.includes(t));
  const orgo = cluster.orgo.sandbox;
  const employees = new Set(tasks.map((t) => t.employee_id));
  const computers = orgo.inspect.computers();
  const typed = orgo.inspect
    .actions()
    .filter((a) => a.type === "type")
    .map((a) => String(a.params.text));
  const steps = await query<{ task_id: string; seq: number }>(
    "select task_id::text, seq from public.task_steps where task_id = any($1) and action <> 'answer'",
    [taskIds],
  );
  const usage = await query<{ idempotency_key: string }>(
    "select idempotency_key from public.usage_events where kind = 'model_tokens' and task_id = any($1)",
    [taskIds],
  );
  const expected = new Set(steps.map((s) => `knight:${s.task_id}:${s.seq}:model`));
  const charged = usage.map((u) => u.idempotency_key);
  const duplicateCharges =
    charged.length - new Set(charged).size + charged.filter((k) => !expected.has(k)).length;
  return {
    "derailed onboardings": derailed,
    "lost messages (not stored)": lostStored,
    "duplicated messages (stored twice)": duplicatedStored,
    "chats with messages out of order": outOfOrder,
    "undelivered replies": unanswered,
    "duplicated replies": extraAnswers,
    "stuck tasks": stuck.length,
    "failed tasks": failed.length,
    "duplicate desktops": computers.length - employees.size,
    "duplicate actions": typed.length - new Set(typed).size,
    "duplicate charges": duplicateCharges,
    "(tasks succeeded)": tasks.length - stuck.length - failed.length,
    "(actions on desktops)": typed.length,
  };
}

main().catch((error) => {
  process.stderr.write(
    `chaos: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`,
  );
  process.exit(2);
});
