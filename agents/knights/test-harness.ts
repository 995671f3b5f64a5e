/**
 * Test helper (not part of the public API): a fresh database, the Orgo and
 * model sandboxes on loopback ports, a recording Notifier, and a customer
 * with an owner on Telegram, for the knights' tests and the benchmark.
 */

import { Hono } from "hono";
import { decideApproval, requestApproval } from "../../approvals/index.ts";
import { createData, type Data, type Database, migrate } from "../../db/index.ts";
import { listen, type RunningServer } from "../../lib/http-server.ts";
import type { Notifier, OutgoingMessage } from "../../notify/index.ts";
import { createLogger } from "../../observability/index.ts";
import { createQueueKit, type QueueKit } from "../../queue/index.ts";
import {
  type Brain,
  createAnthropicSandbox,
  createOpenAISandbox,
  type ModelSandbox,
} from "../../sandbox/models/index.ts";
import {
  type LoginSite,
  type RunningOrgoSandbox,
  startOrgoSandbox,
} from "../../sandbox/orgo/index.ts";
import { createTestDatabase, type QueueBackend, testNamespace } from "../../testing/index.ts";
import { createOrgoClient, type OrgoClient } from "../orgo/index.ts";
import { createKnightExecutors } from "./executor.ts";
import {
  createAnthropicComputerProvider,
  createComputerModel,
  createOpenAIComputerProvider,
} from "./model/index.ts";
import type { KnightsDeps, KnightsOptions } from "./start.ts";
import type { TaskRow, TaskStatus } from "./tasks.ts";

export const WORKSPACE_ID = "00000000-0000-4000-8000-00000000a001";

/** A Notifier that records what it was asked to send. */
export function createRecordingNotifier() {
  const sent: OutgoingMessage[] = [];
  const statuses: Array<{ key: string; text: string; chatId: number }> = [];
  const notifier: Notifier = {
    async send(message) {
      sent.push(message);
    },
    async status(key, message) {
      statuses.push({ key, text: message.text, chatId: message.chatId });
    },
  };
  return { notifier, sent, statuses };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** Everything a knights test needs; `close()` tears it all down. */
export async function startHarness({
  queue,
  database,
  brain,
  orgoLatencyMs = 0,
  sites,
}: {
  queue: QueueBackend;
  database: "pglite" | "postgres";
  brain?: Brain;
  orgoLatencyMs?: number;
  /** Sign-in pages the sandbox desktops can open. */
  sites?: LoginSite[];
}) {
  const db: Database = await createTestDatabase(database);
  await migrate(db.pool, { queue: queue === "postgres" });
  const data = createData(db);
  // Every queue kit and worker on the embedded pool adds its own error listener.
  db.queuePool.setMaxListeners(100);
  const orgoServer: RunningOrgoSandbox = await startOrgoSandbox({
    workspaces: [{ id: WORKSPACE_ID, name: "mouse" }],
    latencyMs: orgoLatencyMs,
    ...(sites ? { sites } : {}),
  });
  const anthropic: ModelSandbox = createAnthropicSandbox({ brain });
  const openai: ModelSandbox = createOpenAISandbox({ brain });
  /** Every model request body as it arrived, for scans (bounded by the test's length). */
  const modelRequests: string[] = [];
  const tapped = (app: ModelSandbox["app"]) =>
    new Hono().all("*", async (c) => {
      modelRequests.push(await c.req.raw.clone().text());
      return app.fetch(c.req.raw);
    });
  const servers: RunningServer[] = [
    await listen(tapped(anthropic.app)),
    await listen(tapped(openai.app)),
  ];
  const namespace = testNamespace();
  const kits: QueueKit[] = [];
  const logger = createLogger({ level: process.env.KNIGHTS_LOG ?? "silent" });
  const recorded = createRecordingNotifier();

  const orgoClient = (): OrgoClient =>
    createOrgoClient({
      apiKey: "sk_sandbox",
      baseUrl: orgoServer.baseUrl,
      workspaceId: WORKSPACE_ID,
      timeoutMs: 5_000,
      backoffMs: [20, 40, 80],
    });
  const model = () =>
    createComputerModel({
      providers: [
        createAnthropicComputerProvider({
          apiKey: "sk-ant-test",
          baseURL: servers[0]!.url,
          model: "claude-sonnet-4-6",
          timeoutMs: 5_000,
        }),
        createOpenAIComputerProvider({
          apiKey: "sk-openai-test",
          baseURL: `${servers[1]!.url}/v1`,
          model: "gpt-5.1",
          timeoutMs: 5_000,
        }),
      ],
      retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 50 },
    });
  /**
   * A queue kit on the shared namespace (a second one plays another worker
   * process), or on a namespace of its own with `isolated`.
   */
  const queueKit = ({ isolated = false }: { isolated?: boolean } = {}) => {
    const kit = createQueueKit(
      queue === "redis"
        ? { kind: "redis", url: process.env.REDIS_URL! }
        : { kind: "postgres", pool: db.queuePool },
      { namespace: isolated ? testNamespace() : namespace },
    );
    kits.push(kit);
    return kit;
  };
  const deps = (options: KnightsOptions = {}, kit = queueKit()): KnightsDeps => ({
    data,
    queues: kit,
    orgo: orgoClient(),
    model: model(),
    notifier: recorded.notifier,
    logger,
    options: {
      relayGraceMs: 0,
      busyRetryMs: 200,
      jobs: { attempts: 4, backoffMs: 100 },
      worker: { lockDuration: 1_500, stalledInterval: 500 },
      vms: { pollMs: 20, stopWaitMs: 2_000 },
      ...options,
    },
  });

  return {
    db,
    data,
    orgo: orgoServer.sandbox,
    anthropic,
    openai,
    modelRequests,
    /** Base URLs of the model sandboxes (OpenAI's without `/v1`). */
    modelUrls: { anthropic: servers[0]!.url, openai: servers[1]!.url },
    /** Base URL of the Orgo sandbox (for worker processes of a test's own). */
    orgoBaseUrl: orgoServer.baseUrl,
    notifications: recorded,
    logger,
    /** The queue-name prefix `queueKit()` shares (for worker processes of a test's own). */
    namespace,
    queueKit,
    deps,
    orgoClient,
    /** A customer on `plan` with an owner whose Telegram chat is `chatId`. */
    async customer({
      plan = "pro",
      budgetMicros = null,
      chatId = 1_000 + Math.floor(Math.random() * 1e9),
    }: {
      plan?: string;
      budgetMicros?: number | null;
      chatId?: number;
    } = {}) {
      return data.asService("test: seed customer", async (tx) => {
        const { rows: c } = await tx.query<{ id: string }>(
          "insert into public.customers (name, plan, monthly_budget_micros) values ('Acme', $1, $2) returning id",
          [plan, budgetMicros],
        );
        const { rows: u } = await tx.query<{ id: string }>(
          "insert into public.users (telegram_user_id, display_name) values ($1, 'Owner') returning id",
          [chatId + Math.floor(Math.random() * 1e9)],
        );
        await tx
          .query("update public.users set telegram_user_id = $2 where id = $1", [u[0]!.id, chatId])
          .catch(() => {});
        await tx.query(
          "insert into public.memberships (user_id, customer_id, role) values ($1, $2, 'owner')",
          [u[0]!.id, c[0]!.id],
        );
        return { customerId: c[0]!.id, userId: u[0]!.id, chatId };
      });
    },
    /** Requests and approves a deployment, then runs the knights' executor for it. */
    async deploy(
      who: { customerId: string; userId: string },
      payload: { role: string; task: string; employeeId?: string; employeeName?: string },
      kit = queueKit(),
    ): Promise<string> {
      const { id } = await data.asService("test: request approval", (tx) =>
        requestApproval(tx, {
          customerId: who.customerId,
          userId: who.userId,
          kind: "deploy_employee",
          summary: `Deploy a ${payload.role}`,
          payload,
        }),
      );
      const decision = await decideApproval(data, {
        approvalId: id,
        userId: who.userId,
        approve: true,
      });
      if (decision.outcome !== "approved") throw new Error(`approval ${decision.outcome}`);
      const executors = createKnightExecutors({
        data,
        queues: kit,
        logger,
        jobs: { enqueueTimeoutMs: 1_000 },
      });
      await executors.deploy_employee!(decision.approval);
      return data.asService("test: find task", async (tx) => {
        const { rows } = await tx.query<{ id: string }>(
          "select id from public.tasks where approval_id = $1",
          [id],
        );
        return rows[0]!.id;
      });
    },
    task: (taskId: string) =>
      data.asService("test: load task", async (tx) => {
        const { rows } = await tx.query<TaskRow>("select * from public.tasks where id = $1", [
          taskId,
        ]);
        return rows[0]!;
      }),
    /** Polls until the task reaches one of `statuses`. */
    async waitFor(taskId: string, statuses: TaskStatus[], timeoutMs = 20_000): Promise<TaskRow> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const row = await data.asService("test: poll task", async (tx) => {
          const { rows } = await tx.query<TaskRow>("select * from public.tasks where id = $1", [
            taskId,
          ]);
          return rows[0]!;
        });
        if (statuses.includes(row.status)) return row;
        if (Date.now() > deadline)
          throw new Error(`task ${taskId} is ${row.status}, not ${statuses.join("/")}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    query: <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
      data.asService("test: query", async (tx) => (await tx.query<T>(sql, params)).rows),
    async close() {
      await Promise.allSettled(kits.map((k) => k.close()));
      await Promise.allSettled([orgoServer.close(), ...servers.map((s) => s.close())]);
      await db.close();
    },
  };
}

export type { Data };
