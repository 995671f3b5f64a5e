/**
 * The crash test: knight worker processes are killed with SIGKILL at random
 * moments while 20 tasks run; fresh workers take over each time. All 20
 * finish, the sandbox Orgo saw one VM per employee and every action once,
 * and usage shows every model call charged once.
 *
 * Separate processes need a database they can share, so this runs on the
 * PostgreSQL server targets (DATABASE_URL, with BullMQ on Postgres and on
 * Redis when REDIS_URL is set). On the embedded database alone it runs the
 * same scenario in-process, the dying worker force-closed at random moments.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createData, type Database, migrate } from "../../db/index.ts";
import { listen, type RunningServer } from "../../lib/http-server.ts";
import { createQueueKit, type QueueKit } from "../../queue/index.ts";
import {
  createAnthropicSandbox,
  createOpenAISandbox,
  createScriptedBrain,
  type NormalizedRequest,
} from "../../sandbox/models/index.ts";
import { type RunningOrgoSandbox, startOrgoSandbox } from "../../sandbox/orgo/index.ts";
import { createTestDatabase, queueTargets, testNamespace } from "../../testing/index.ts";
import type { CrashWorkerConfig } from "./crash-worker.ts";
import { expectExactlyOnce } from "./exactly-once.test-support.ts";
import { createKnightExecutors } from "./executor.ts";
import { startKnights } from "./start.ts";
import { type Harness, startHarness, WORKSPACE_ID } from "./test-harness.ts";

const TASKS = 20;
const EMPLOYEES = 10;
const ACTIONS = 5;
/**
 * 20 tasks of 6 model calls on 10 employees (one VM each) are at least two
 * rounds of 6 calls: 12 × 600 ms = 7.2 s of work, more than four of the
 * longest random lifetimes (1.7 s), so at least four kills land mid-work.
 */
const MODEL_LATENCY_MS = 600;
const LIFETIME_MS = { min: 200, spread: 1_500 };

/** Each task types "<marker>-1" … "<marker>-5", then reports done. */
const brain = createScriptedBrain({
  scenarios: [
    {
      name: "crash",
      match: "[scenario:crash]",
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
  return /\[scenario:crash\] (T\d+)/.exec(text ?? "")?.[1] ?? "T?";
}

const serverTargets = queueTargets().filter(
  (t) => t.database === "postgres" || (t.queue === "redis" && process.env.DATABASE_URL),
);

describe.each(serverTargets.map((t) => ({ ...t, database: "postgres" as const })))(
  "SIGKILL crash test, $name",
  ({ queue }) => {
    let db: Database & { url?: string };
    let orgo: RunningOrgoSandbox;
    let servers: RunningServer[];
    let kit: QueueKit;
    const namespace = testNamespace();
    const children = new Set<ChildProcess>();

    beforeAll(async () => {
      db = await createTestDatabase("postgres");
      await migrate(db.pool, { queue: queue === "postgres" });
      orgo = await startOrgoSandbox({ workspaces: [{ id: WORKSPACE_ID, name: "mouse" }] });
      // Each model call takes MODEL_LATENCY_MS, as a real one does, so the work
      // outlasts several worker lifetimes however fast the platform's own part gets.
      const anthropic = createAnthropicSandbox({ brain, faults: { latencyMs: MODEL_LATENCY_MS } });
      const openai = createOpenAISandbox({ brain, faults: { latencyMs: MODEL_LATENCY_MS } });
      servers = [await listen(anthropic.app), await listen(openai.app)];
      kit = createQueueKit(
        queue === "redis"
          ? { kind: "redis", url: process.env.REDIS_URL! }
          : { kind: "postgres", pool: db.queuePool },
        { namespace },
      );
    });
    afterAll(async () => {
      for (const child of children) child.kill("SIGKILL");
      await kit?.close();
      await Promise.allSettled([orgo?.close(), ...(servers ?? []).map((s) => s.close())]);
      await db?.close();
    });

    const spawnWorker = async (): Promise<ChildProcess> => {
      const config: CrashWorkerConfig = {
        databaseUrl: db.url!,
        queue:
          queue === "redis" ? { kind: "redis", url: process.env.REDIS_URL! } : { kind: "postgres" },
        namespace,
        orgoBaseUrl: orgo.baseUrl,
        workspaceId: WORKSPACE_ID,
        anthropicUrl: servers[0]!.url,
        openaiUrl: servers[1]!.url,
      };
      const child = spawn(
        process.execPath,
        ["--import", "tsx", fileURLToPath(new URL("./crash-worker.ts", import.meta.url))],
        {
          env: { ...process.env, KNIGHTS_CRASH_WORKER: JSON.stringify(config) },
          stdio: ["ignore", "pipe", "inherit"],
        },
      );
      children.add(child);
      child.on("exit", () => children.delete(child));
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on("data", (chunk: Buffer) => {
          if (chunk.toString().includes("ready")) resolve();
        });
        child.once("exit", (code) => reject(new Error(`worker exited early (${code})`)));
      });
      return child;
    };

    it("finishes 20 tasks with one VM per employee, each action once and no double charge", async () => {
      const data = createData(db);
      const query = async <T extends Record<string, unknown>>(
        sql: string,
        params: unknown[] = [],
      ) => data.asService("test", async (tx) => (await tx.query<T>(sql, params)).rows);
      const [customer] = await query<{ id: string }>(
        "insert into public.customers (name, plan) values ('Crash Co', 'team') returning id",
      );
      const [user] = await query<{ id: string }>(
        "insert into public.users (telegram_user_id, display_name) values ($1, 'Owner') returning id",
        [Date.now()],
      );
      await query(
        "insert into public.memberships (user_id, customer_id, role) values ($1, $2, 'owner')",
        [user!.id, customer!.id],
      );
      const employees = await query<{ id: string }>(
        `insert into public.employees (customer_id, name, role_template)
         select $1, 'Knight ' || n, 'ops_assistant' from generate_series(1, ${EMPLOYEES}) n returning id`,
        [customer!.id],
      );
      const executors = createKnightExecutors({
        data,
        queues: kit,
        logger: (await import("../../observability/index.ts")).createLogger({ level: "silent" }),
      });
      const taskIds: string[] = [];
      for (let i = 0; i < TASKS; i++) {
        const [approval] = await query<Record<string, unknown>>(
          `insert into public.approvals (customer_id, kind, summary, payload, status, requested_by, decided_by, decided_at, expires_at)
           values ($1, 'deploy_employee', 'deploy', $2, 'approved', $3, $3, now(), now() + interval '1 hour') returning *`,
          [
            customer!.id,
            JSON.stringify({
              role: "ops_assistant",
              task: `[scenario:crash] T${String(i).padStart(2, "0")}`,
              employeeId: employees[i % EMPLOYEES]!.id,
            }),
            user!.id,
          ],
        );
        await executors.deploy_employee!(approval as never);
        const [task] = await query<{ id: string }>(
          "select id from public.tasks where approval_id = $1",
          [approval!.id],
        );
        taskIds.push(task!.id);
      }

      // Kill workers at random moments until every task is done; the last one may live.
      const deadline = Date.now() + 150_000;
      let kills = 0;
      for (;;) {
        const [{ open }] = (await query<{ open: string }>(
          "select count(*)::text as open from public.tasks where id = any($1) and status not in ('succeeded', 'failed', 'cancelled')",
          [taskIds],
        )) as [{ open: string }];
        if (open === "0") break;
        if (Date.now() > deadline) throw new Error(`${open} tasks still open after ${kills} kills`);
        const child = await spawnWorker();
        const lifetime = kills < 8 ? LIFETIME_MS.min + Math.random() * LIFETIME_MS.spread : 10_000;
        await new Promise((r) => setTimeout(r, lifetime));
        child.kill("SIGKILL");
        await new Promise((r) => child.once("exit", r));
        kills++;
      }
      expect(kills).toBeGreaterThan(3);
      await expectExactlyOnce({ query, orgo: orgo.sandbox }, taskIds);
      const uncertain = await query(
        "select 1 from public.task_steps where task_id = any($1) and outcome->>'uncertain' = 'true'",
        [taskIds],
      );
      console.log(
        `crash test (${queue}): ${kills} SIGKILLs, ${uncertain.length} steps left in flight and not repeated`,
      );
    }, 200_000);
  },
);

describe.each(queueTargets().filter((t) => t.database === "pglite"))(
  "in-process crash test, $name",
  ({ queue, database }) => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({ queue, database, brain });
    });
    afterAll(() => h?.close());

    it("finishes tasks whose worker is force-closed at random moments, each action once", async () => {
      const owner = await h.customer({ plan: "team" });
      const taskIds: string[] = [];
      const kit = h.queueKit();
      for (let i = 0; i < 6; i++)
        taskIds.push(
          await h.deploy(owner, { role: "ops_assistant", task: `[scenario:crash] T${i}` }, kit),
        );
      let kills = 0;
      const deadline = Date.now() + 120_000;
      for (;;) {
        const open = (await Promise.all(taskIds.map((id) => h.task(id)))).filter(
          (t) => t.status !== "succeeded",
        );
        if (open.length === 0) break;
        if (Date.now() > deadline) throw new Error(`${open.length} tasks still open`);
        const knights = await startKnights(h.deps({ jobs: { attempts: 50, backoffMs: 50 } }));
        await new Promise((r) => setTimeout(r, kills < 4 ? 100 + Math.random() * 600 : 8_000));
        await knights.close({ force: true });
        kills++;
      }
      await expectExactlyOnce({ query: h.query, orgo: h.orgo }, taskIds);
    }, 150_000);
  },
);
