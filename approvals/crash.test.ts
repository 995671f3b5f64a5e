/**
 * Approving is crash-safe in every channel: a process killed with SIGKILL
 * the moment an approval's decision committed (before its job was added,
 * before anything was said) leaves the effect owed in Postgres; the next
 * worker's approvals relay starts it, and the work runs exactly once: one
 * task per approval, one VM per employee, each action once, one charge per
 * model call.
 *
 * Separate processes need a database they can share, so this runs on the
 * PostgreSQL server targets (DATABASE_URL; BullMQ on Postgres, and on Redis
 * when REDIS_URL is set). Without a server, the in-process variant below
 * stops the decider at the same point with an exception instead.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectExactlyOnce } from "../agents/knights/exactly-once.test-support.ts";
import { createKnightExecutors, startKnights } from "../agents/knights/index.ts";
import { type Harness, startHarness } from "../agents/knights/test-harness.ts";
import { createScriptedBrain, type NormalizedRequest } from "../sandbox/models/index.ts";
import type { Channel, CrashDeciderConfig } from "../testing/approval-crash-decider.ts";
import { queueTargets } from "../testing/index.ts";
import {
  createApprovalExecutors,
  createApprovals,
  requestApproval,
  startApprovalEffects,
} from "./index.ts";

const APP_SECRET = "approvals-crash-secret-0123456789abcdef0123";
const CHANNELS: Channel[] = ["bot", "dashboard", "api"];

/** Each task types "<channel>-1" … "<channel>-3", then reports done. */
const brain = createScriptedBrain({
  scenarios: [
    {
      name: "approved",
      match: "[scenario:approved]",
      steps: [
        ...Array.from({ length: 3 }, (_, i) => (request: NormalizedRequest) => ({
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
  return /\[scenario:approved\] (\w+)/.exec(text ?? "")?.[1] ?? "?";
}

/** Requests one deployment per channel, as King Mouse would; returns the approval ids. */
async function requestDeployments(h: Harness, who: { customerId: string; userId: string }) {
  const ids: Record<Channel, string> = { bot: "", dashboard: "", api: "" };
  for (const channel of CHANNELS) {
    ids[channel] = await h.data.asService("test: request approval", async (tx) => {
      const { id } = await requestApproval(tx, {
        customerId: who.customerId,
        userId: who.userId,
        kind: "deploy_employee",
        summary: `Deploy an ops assistant (${channel})`,
        payload: { role: "ops_assistant", task: `[scenario:approved] ${channel}` },
      });
      return id;
    });
  }
  return ids;
}

/** Starts what a worker process runs (knights, approval effects) and relays what is owed. */
async function startWorker(h: Harness) {
  const kit = h.queueKit();
  const knights = await startKnights(h.deps({}, kit));
  const executors = createApprovalExecutors(
    createKnightExecutors({ data: h.data, queues: kit, logger: h.logger }),
  );
  const effects = startApprovalEffects({
    data: h.data,
    queues: kit,
    executors,
    notifier: h.notifications.notifier,
    logger: h.logger,
  });
  const approvals = createApprovals({ data: h.data, queues: kit, logger: h.logger });
  await approvals.relay({ graceMs: 0 });
  return {
    close: async () => {
      await effects.close();
      await knights.close();
    },
  };
}

async function expectRunOnce(h: Harness, approvalIds: string[]) {
  const deadline = Date.now() + 60_000;
  let tasks: { id: string; status: string }[] = [];
  for (;;) {
    tasks = await h.query<{ id: string; status: string }>(
      "select id, status from public.tasks where approval_id = any($1)",
      [approvalIds],
    );
    if (tasks.length === approvalIds.length && tasks.every((t) => t.status === "succeeded")) break;
    if (Date.now() > deadline) throw new Error(`tasks after restart: ${JSON.stringify(tasks)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await expectExactlyOnce(
    { query: h.query, orgo: h.orgo },
    tasks.map((t) => t.id),
  );
  const effects = await h.query<{ effect_status: string; effect_attempts: number }>(
    "select effect_status, effect_attempts from public.approvals where id = any($1)",
    [approvalIds],
  );
  expect(effects).toEqual(approvalIds.map(() => ({ effect_status: "done", effect_attempts: 1 })));
  // The customer heard the outcome once per approval, in their chat.
  const told = h.notifications.statuses.filter((s) => s.key.startsWith("approval-"));
  expect(new Set(told.map((s) => s.key)).size).toBe(approvalIds.length);
}

const serverTargets = queueTargets().filter(
  (t) => t.database === "postgres" || (t.queue === "redis" && process.env.DATABASE_URL),
);

describe.each(serverTargets)("approvals: SIGKILL right after the decision, $name", ({ queue }) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ queue, database: "postgres", brain });
  });
  afterAll(() => h?.close());

  it("runs what was approved from the bot, the dashboard and the API exactly once after restart", async () => {
    const owner = await h.customer({ plan: "team" });
    const approvals = await requestDeployments(h, owner);
    for (const channel of CHANNELS) {
      const config: CrashDeciderConfig = {
        databaseUrl: (h.db as { url?: string }).url!,
        queue:
          queue === "redis" ? { kind: "redis", url: process.env.REDIS_URL! } : { kind: "postgres" },
        namespace: h.namespace,
        channel,
        approvalId: approvals[channel],
        customerId: owner.customerId,
        userId: owner.userId,
        telegramId: owner.chatId,
        appSecret: APP_SECRET,
      };
      const child = spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          fileURLToPath(new URL("../testing/approval-crash-decider.ts", import.meta.url)),
        ],
        {
          env: { ...process.env, APPROVALS_CRASH_DECIDER: JSON.stringify(config) },
          stdio: ["ignore", "pipe", "inherit"],
        },
      );
      let said = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        said += chunk.toString();
      });
      const signal = await new Promise((r) => child.once("exit", (_code, sig) => r(sig)));
      expect({ channel, signal, said: said.trim() }).toEqual({
        channel,
        signal: "SIGKILL",
        said: "decided approved",
      });
    }
    // Decided and owed, nothing started: no task, no job.
    const owed = await h.query<{ status: string; effect_status: string }>(
      "select status, effect_status from public.approvals where id = any($1)",
      [Object.values(approvals)],
    );
    expect(owed).toEqual(CHANNELS.map(() => ({ status: "approved", effect_status: "pending" })));
    expect(
      await h.query("select 1 from public.tasks where approval_id = any($1)", [
        Object.values(approvals),
      ]),
    ).toHaveLength(0);

    const worker = await startWorker(h);
    try {
      await expectRunOnce(h, Object.values(approvals));
    } finally {
      await worker.close();
    }
  }, 120_000);
});

describe.each(queueTargets().filter((t) => t.database === "pglite"))(
  "approvals: the decider stops right after the decision, $name",
  ({ queue, database }) => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({ queue, database, brain });
    });
    afterAll(() => h?.close());

    it("leaves the effect owed, and a later worker runs it exactly once", async () => {
      const owner = await h.customer({ plan: "team" });
      const { bot } = await requestDeployments(h, owner);
      const dying = createApprovals({
        data: h.data,
        queues: h.queueKit(),
        logger: h.logger,
        afterDecision: () => {
          throw new Error("the process died here");
        },
      });
      await expect(
        dying.decide({ approvalId: bot, userId: owner.userId, approve: true }),
      ).rejects.toThrow("the process died here");
      const worker = await startWorker(h);
      try {
        await expectRunOnce(h, [bot]);
      } finally {
        await worker.close();
      }
    }, 60_000);
  },
);
