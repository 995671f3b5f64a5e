/**
 * Test helper: a knight worker process for `crash.test.ts`, which kills it
 * with SIGKILL at random moments. Configured by the `KNIGHTS_CRASH_WORKER`
 * environment variable (JSON), it connects to the shared Postgres server,
 * queue, Orgo sandbox and model sandbox, prints "ready", and works until it
 * is killed or told to stop (SIGTERM).
 */
import { createData, createDatabase } from "../../db/index.ts";
import { createLogger } from "../../observability/index.ts";
import { createQueueKit } from "../../queue/index.ts";
import { createOrgoClient } from "../orgo/index.ts";
import {
  createAnthropicComputerProvider,
  createComputerModel,
  createOpenAIComputerProvider,
} from "./model/index.ts";
import { startKnights } from "./start.ts";

export type CrashWorkerConfig = {
  databaseUrl: string;
  queue: { kind: "redis"; url: string } | { kind: "postgres" };
  namespace: string;
  orgoBaseUrl: string;
  workspaceId: string;
  anthropicUrl: string;
  openaiUrl: string;
  /**
   * Dies (SIGKILL, at once) when about to record that action `index` of a
   * batch is being sent: the earlier ones performed and recorded, it never sent.
   */
  dieBeforeSending?: number;
};

const config = JSON.parse(process.env.KNIGHTS_CRASH_WORKER ?? "{}") as CrashWorkerConfig;
const db = await createDatabase({ kind: "server", url: config.databaseUrl, max: 8 });
const recorded = createData(db);
const data: typeof recorded =
  config.dieBeforeSending === undefined
    ? recorded
    : {
        ...recorded,
        statementsAsService: (reason, statements, options) => {
          for (const s of statements)
            if (
              s.name === "knights_step_progress" &&
              (JSON.parse(String(s.values?.[2])) as { sending?: number }).sending ===
                config.dieBeforeSending
            )
              process.kill(process.pid, "SIGKILL");
          return recorded.statementsAsService(reason, statements, options);
        },
      };
const queues = createQueueKit(
  config.queue.kind === "redis" ? config.queue : { kind: "postgres", pool: db.queuePool },
  { namespace: config.namespace },
);
const knights = await startKnights({
  data,
  queues,
  orgo: createOrgoClient({
    apiKey: "sk_sandbox",
    baseUrl: config.orgoBaseUrl,
    workspaceId: config.workspaceId,
    timeoutMs: 5_000,
    backoffMs: [20, 40, 80],
  }),
  model: createComputerModel({
    providers: [
      createAnthropicComputerProvider({
        apiKey: "k",
        baseURL: config.anthropicUrl,
        model: "claude-sonnet-4-6",
        timeoutMs: 5_000,
      }),
      createOpenAIComputerProvider({
        apiKey: "k",
        baseURL: `${config.openaiUrl}/v1`,
        model: "gpt-5.1",
        timeoutMs: 5_000,
      }),
    ],
    retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 50 },
  }),
  notifier: { send: async () => {}, status: async () => {} },
  logger: createLogger({ level: process.env.KNIGHTS_LOG ?? "silent" }),
  options: {
    concurrency: 8,
    relayEveryMs: 1_000,
    relayGraceMs: 500,
    busyRetryMs: 200,
    jobs: { attempts: 50, backoffMs: 100 },
    worker: { lockDuration: 1_500, stalledInterval: 500, maxStalledCount: 1_000 },
    vms: { pollMs: 20 },
  },
});
process.stdout.write("ready\n");
process.on("SIGTERM", async () => {
  await knights.close();
  await queues.close();
  await db.close();
  process.exit(0);
});
