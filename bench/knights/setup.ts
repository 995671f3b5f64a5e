/**
 * Knights as the product runs them, for the knight rows: the real worker
 * (`startKnights`), the real Orgo client and computer-use model (Anthropic
 * first, OpenAI as fallback) pointed at the sandboxes in a child process,
 * the outbox notifier, frames in Postgres announced in-process and by NOTIFY.
 * Only the clients are wrapped in stopwatches.
 */
import {
  createAnthropicComputerProvider,
  createComputerModel,
  createKnightExecutors,
  createLocalFramePublisher,
  createOpenAIComputerProvider,
  createPgNotifyFramePublisher,
  fanOutFramePublisher,
  type KnightsOptions,
  type RunningKnights,
  startKnights,
} from "../../agents/knights/index.ts";
import { createOrgoClient } from "../../agents/orgo/index.ts";
import { decideApproval, requestApproval } from "../../approvals/index.ts";
import { createOutboxNotifier } from "../../bot/index.ts";
import { createData, type Data } from "../../db/index.ts";
import { createLogger } from "../../observability/index.ts";
import { createQueueKit, type QueueKit } from "../../queue/index.ts";
import { testNamespace } from "../../testing/index.ts";
import { openBenchDatabase } from "../database.ts";
import { type LoopLoad, watchLoop } from "../loop-load.ts";
import { spawnScript } from "../processes.ts";
import { obliterateQueues } from "../queues.ts";
import { BENCH_WORKSPACE_ID } from "../targets/sandbox-ids.ts";
import { benchTask } from "./scenario.ts";
import { createStopwatch, type DataTimes, timedData, timedModel, timedOrgo } from "./timing.ts";

export type KnightBench = Awaited<ReturnType<typeof startKnightBench>>;

/** Starts the sandboxes (child process), a fresh database, the queue and the knights' worker. */
export async function startKnightBench({
  steps,
  modelLatencyMs = 0,
  orgoLatencyMs = 0,
  options = {},
  batch = false,
  promptCaching = true,
}: {
  /** Actions per task before the model says it is done. */
  steps: number;
  /** The model returns the actions that need no look between them in one turn. */
  batch?: boolean;
  /** Anthropic cache breakpoints as the product places them; false sends none. */
  promptCaching?: boolean;
  modelLatencyMs?: number;
  orgoLatencyMs?: number;
  options?: KnightsOptions;
}) {
  const sandboxes = spawnScript("bench/targets/sandboxes.ts", [], {
    env: {
      BENCH_STEPS: String(steps),
      BENCH_BATCH: batch ? "1" : "0",
      BENCH_MODEL_LATENCY_MS: String(modelLatencyMs),
      BENCH_ORGO_LATENCY_MS: String(orgoLatencyMs),
      // e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where the sandboxes' time goes.
      NODE_OPTIONS: process.env.BENCH_SANDBOX_NODE_OPTIONS,
    },
  });
  const urls = JSON.parse((await sandboxes.line(/^\{.*"control".*\}$/m))[0]) as {
    anthropic: string;
    openai: string;
    orgo: string;
    control: string;
  };
  const database = await openBenchDatabase({ queue: !process.env.REDIS_URL });
  const dataTimes: DataTimes = new Map();
  const data: Data = timedData(createData(database.db), dataTimes);
  database.db.queuePool.setMaxListeners(100);
  const queues: QueueKit = createQueueKit(
    process.env.REDIS_URL
      ? { kind: "redis", url: process.env.REDIS_URL }
      : { kind: "postgres", pool: database.db.queuePool },
    { namespace: testNamespace() },
  );
  const logger = createLogger({ level: process.env.BENCH_LOG ?? "silent" });
  const watch = createStopwatch();
  const orgo = timedOrgo(
    createOrgoClient({ apiKey: "sk_sandbox", baseUrl: urls.orgo, workspaceId: BENCH_WORKSPACE_ID }),
    watch,
  );
  const model = timedModel(
    createComputerModel({
      providers: [
        createAnthropicComputerProvider({
          apiKey: "sk-ant-sandbox",
          baseURL: urls.anthropic,
          model: "claude-sonnet-4-6",
          promptCaching,
        }),
        createOpenAIComputerProvider({
          apiKey: "sk-openai-sandbox",
          baseURL: urls.openai,
          model: "gpt-5.1",
        }),
      ],
    }),
    watch,
  );
  const liveFrames = createLocalFramePublisher();
  const knights: RunningKnights = await startKnights({
    data,
    queues,
    orgo,
    model,
    notifier: createOutboxNotifier(queues, data),
    logger,
    publisher: fanOutFramePublisher(liveFrames, createPgNotifyFramePublisher(data)),
    // Replays are built as in production; BENCH_REPLAYS=off measures without them, for comparison.
    options: {
      ...(process.env.BENCH_REPLAYS === "off" ? { replays: false as const } : {}),
      ...options,
    },
  });
  const executors = createKnightExecutors({ data, queues, logger });

  /** A customer on the Pro plan with an owner, and an approved task for a new knight; returns the task id. */
  const deploy = async (i: number, role = "ops_assistant") => {
    const who = await data.asService("bench: customer", async (tx) => {
      const { rows: c } = await tx.query<{ id: string }>(
        "insert into public.customers (name, plan) values ($1, 'pro') returning id",
        [`Bench knight customer ${i}`],
      );
      const { rows: u } = await tx.query<{ id: string }>(
        "insert into public.users (telegram_user_id, display_name) values ($1, 'Owner') returning id",
        [7_000_000 + i],
      );
      await tx.query(
        "insert into public.memberships (user_id, customer_id, role) values ($1, $2, 'owner')",
        [u[0]!.id, c[0]!.id],
      );
      return { customerId: c[0]!.id, userId: u[0]!.id };
    });
    const { id } = await data.asService("bench: request approval", (tx) =>
      requestApproval(tx, {
        customerId: who.customerId,
        userId: who.userId,
        kind: "deploy_employee",
        summary: "Deploy an ops assistant",
        payload: { role, task: benchTask(i) },
      }),
    );
    const decision = await decideApproval(data, {
      approvalId: id,
      userId: who.userId,
      approve: true,
    });
    if (decision.outcome !== "approved") throw new Error(`approval ${decision.outcome}`);
    await executors.deploy_employee!(decision.approval);
    return data.asService("bench: task", async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        "select id from public.tasks where approval_id = $1",
        [id],
      );
      return rows[0]!.id;
    });
  };

  /** Tasks by status, e.g. to wait until all are done. */
  const statuses = () =>
    data.asService("bench: statuses", async (tx) => {
      const { rows } = await tx.query<{ status: string; n: number }>(
        "select status, count(*)::int as n from public.tasks group by status",
      );
      return Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>;
    });

  const screenshots = async () =>
    ((await (await fetch(`${urls.control}/screenshots`)).json()) as { count: number }).count;

  /** This process's and the sandboxes' event-loop load over a window (reset, then read). */
  const workerLoop = watchLoop();
  const load = {
    async reset() {
      workerLoop.reset();
      await fetch(`${urls.control}/load/reset`, { method: "POST" });
    },
    async read(): Promise<{ worker: LoopLoad; sandboxes: LoopLoad }> {
      const worker = workerLoop.read();
      const sandboxes = (await (await fetch(`${urls.control}/load`)).json()) as LoopLoad;
      return { worker, sandboxes };
    },
  };

  return {
    data,
    queues,
    knights,
    liveFrames,
    watch,
    dataTimes,
    deploy,
    statuses,
    screenshots,
    load,
    urls,
    database: database.describe,
    async close() {
      workerLoop.stop();
      await knights.close({ force: true });
      await obliterateQueues(queues);
      await queues.close();
      await database.close();
      await sandboxes.stop();
    },
  };
}
