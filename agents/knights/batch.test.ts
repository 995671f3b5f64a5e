/**
 * Parallel tool use: the model returns several actions in one turn, the
 * knight performs them in order, each exactly once, stopping at the first
 * failure, with one screenshot after the batch. A worker that dies between
 * the second and third action of a batch of three is followed by one that
 * performs the third only; one that dies while an action is in flight never
 * sends it again.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommitOptions, Statement } from "../../db/index.ts";
import { createScriptedBrain, type NormalizedRequest } from "../../sandbox/models/index.ts";
import { queueTargets } from "../../testing/index.ts";
import type { CrashWorkerConfig } from "./crash-worker.ts";
import { type RunningKnights, startKnights } from "./start.ts";
import { type Harness, startHarness, WORKSPACE_ID } from "./test-harness.ts";

let h: Harness;

/** Each task: one turn of three typings (marked with the task's tag), then done. */
const brain = createScriptedBrain({
  scenarios: [
    {
      name: "batch",
      match: "[scenario:batch]",
      steps: [
        (request: NormalizedRequest) => ({
          computer: [
            { action: "type", text: `${tag(request)}-a ` },
            { action: "type", text: `${tag(request)}-b ` },
            { action: "type", text: `${tag(request)}-c ` },
          ],
        }),
        { text: "All three typed." },
      ],
    },
    {
      name: "batch-fails",
      match: "[scenario:batch-fails]",
      steps: [
        {
          computer: [
            { action: "type", text: "first " },
            { action: "scroll", coordinate: [10, 10], scroll_direction: "left", scroll_amount: 3 },
            { action: "type", text: "never " },
          ],
        },
        { text: "Stopped at the sideways scroll." },
      ],
    },
  ],
});

function tag(request: NormalizedRequest): string {
  const text = request.messages[0]?.parts
    .flatMap((p) => (p.type === "text" ? [p.text] : []))
    .join(" ");
  return /\[scenario:batch\] (B\d+)/.exec(text ?? "")?.[1] ?? "B?";
}

/** The progress record written before action `index` of a batch is sent. */
const sendingIndex = (statement: Statement) => {
  if (statement.name !== "knights_step_progress") return undefined;
  return (JSON.parse(String(statement.values?.[2])) as { sending?: number }).sending;
};

describe.each(queueTargets())("knight batches, $name", (target) => {
  beforeAll(async () => {
    h = await startHarness({ ...target, brain });
  });
  afterAll(() => h?.close());

  const typed = () =>
    h.orgo.inspect
      .actions()
      .filter((a) => a.type === "type")
      .map((a) => String(a.params.text));
  const steps = (taskId: string) =>
    h.query<{ seq: number; status: string; outcome: { results?: unknown[]; uncertain?: boolean } }>(
      "select seq, status, outcome from public.task_steps where task_id = $1 order by seq",
      [taskId],
    );

  it("performs a batch of three in order with one model call and one screenshot after it", async () => {
    const owner = await h.customer();
    const knights = await startKnights(h.deps());
    try {
      const taskId = await h.deploy(owner, { role: "ops_assistant", task: "[scenario:batch] B01" });
      const task = await h.waitFor(taskId, ["succeeded", "failed"], 30_000);
      expect(task.status).toBe("succeeded");
      expect(typed().filter((t) => t.startsWith("B01-"))).toEqual(["B01-a ", "B01-b ", "B01-c "]);
      const rows = await steps(taskId);
      // Two model calls: the batch and the report.
      expect(rows.map((s) => s.status)).toEqual(["done", "done"]);
      expect(rows[0]!.outcome.results).toHaveLength(3);
      // The first screen and one after the batch; none between its actions.
      const frames = await h.query<{ n: number }>(
        "select count(*)::int as n from public.frames where task_id = $1",
        [taskId],
      );
      expect(frames[0]!.n).toBe(2);
    } finally {
      await knights.close();
    }
  });

  it("stops a batch at the first failing action and tells the model which were not performed", async () => {
    const owner = await h.customer();
    const knights = await startKnights(h.deps());
    try {
      const before = typed().length;
      const taskId = await h.deploy(owner, {
        role: "ops_assistant",
        task: "[scenario:batch-fails] move",
      });
      const task = await h.waitFor(taskId, ["succeeded", "failed"], 30_000);
      expect(task.status).toBe("succeeded");
      expect(typed().slice(before)).toEqual(["first "]);
      const [batch] = await steps(taskId);
      expect(batch!.status).toBe("failed");
      expect(batch!.outcome.results).toHaveLength(2);
    } finally {
      await knights.close();
    }
  });

  it("resumes a batch of three killed between the second and third action with the third only", async () => {
    const owner = await h.customer();
    let first: RunningKnights | undefined;
    let died = false;
    const deps = h.deps();
    // The worker dies just before recording that the third action is being sent.
    const dying = {
      ...deps.data,
      statementsAsService: (
        reason: string,
        statements: readonly Statement[],
        options?: CommitOptions,
      ) => {
        if (statements.some((s) => sendingIndex(s) === 2)) {
          died = true;
          void first?.close({ force: true });
          return Promise.reject(new Error("worker killed"));
        }
        return deps.data.statementsAsService(reason, statements, options);
      },
    };
    first = await startKnights({ ...deps, data: dying });
    const taskId = await h.deploy(owner, { role: "ops_assistant", task: "[scenario:batch] B02" });
    await until(async () => died);
    await first.close({ force: true });
    expect(typed().filter((t) => t.startsWith("B02-"))).toEqual(["B02-a ", "B02-b "]);
    const [cut] = await steps(taskId);
    expect(cut!.status).toBe("pending");
    expect(cut!.outcome.results).toHaveLength(2);

    const second = await startKnights(h.deps());
    try {
      const task = await h.waitFor(taskId, ["succeeded", "failed"], 30_000);
      expect(task.status).toBe("succeeded");
      // The third action once, the first two never again.
      expect(typed().filter((t) => t.startsWith("B02-"))).toEqual(["B02-a ", "B02-b ", "B02-c "]);
      const rows = await steps(taskId);
      expect(rows.map((s) => s.status)).toEqual(["done", "done"]);
      expect(rows[0]!.outcome.results).toHaveLength(3);
      expect(rows[0]!.outcome.uncertain).toBeUndefined();
      // The batch's model call charged once.
      const usage = await h.query<{ idempotency_key: string }>(
        "select idempotency_key from public.usage_events where task_id = $1 and kind = 'model_tokens'",
        [taskId],
      );
      expect(usage.map((u) => u.idempotency_key).sort()).toEqual(
        rows.map((s) => `knight:${taskId}:${s.seq}:model`).sort(),
      );
    } finally {
      await second.close();
    }
  });

  it("never resends the action of a batch that was in flight when the worker died", async () => {
    const owner = await h.customer();
    const deps = h.deps();
    // Once the second typing is recorded as being sent, it lands on the desktop
    // and its answer is slow: the worker dies meanwhile.
    const slowing = {
      ...deps.data,
      statementsAsService: async (
        reason: string,
        statements: readonly Statement[],
        options?: CommitOptions,
      ) => {
        const result = await deps.data.statementsAsService(reason, statements, options);
        if (statements.some((s) => sendingIndex(s) === 1))
          h.orgo.inject({ route: "type", phase: "after", delayMs: 5_000 });
        return result;
      },
    };
    const first = await startKnights({ ...deps, data: slowing });
    const taskId = await h.deploy(owner, { role: "ops_assistant", task: "[scenario:batch] B03" });
    await until(async () => typed().includes("B03-b "));
    await first.close({ force: true });

    const second = await startKnights(h.deps());
    try {
      const task = await h.waitFor(taskId, ["succeeded", "failed"], 30_000);
      expect(task.status).toBe("succeeded");
      expect(typed().filter((t) => t.startsWith("B03-"))).toEqual(["B03-a ", "B03-b "]);
      const [batch] = await steps(taskId);
      expect(batch!.status).toBe("failed");
      expect(batch!.outcome.uncertain).toBe(true);
      expect(batch!.outcome.results).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});

const serverTargets = queueTargets().filter((t) => t.database === "postgres");

describe.each(serverTargets)("a batch cut by SIGKILL, $name", (target) => {
  beforeAll(async () => {
    h = await startHarness({ ...target, brain });
  });
  afterAll(() => h?.close());

  it("a worker process killed between the second and third action: the next performs the third only", async () => {
    const owner = await h.customer();
    const taskId = await h.deploy(owner, { role: "ops_assistant", task: "[scenario:batch] B04" });
    const config: CrashWorkerConfig = {
      databaseUrl: (h.db as { url?: string }).url!,
      queue:
        target.queue === "redis"
          ? { kind: "redis", url: process.env.REDIS_URL! }
          : { kind: "postgres" },
      namespace: h.namespace,
      orgoBaseUrl: h.orgoBaseUrl,
      workspaceId: WORKSPACE_ID,
      anthropicUrl: h.modelUrls.anthropic,
      openaiUrl: h.modelUrls.openai,
      dieBeforeSending: 2,
    };
    const child = spawn(
      process.execPath,
      ["--import", "tsx", fileURLToPath(new URL("./crash-worker.ts", import.meta.url))],
      {
        env: { ...process.env, KNIGHTS_CRASH_WORKER: JSON.stringify(config) },
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
    const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.once("exit", (_code, sig) => resolve(sig)),
    );
    expect(signal).toBe("SIGKILL");
    const typed = () =>
      h.orgo.inspect
        .actions()
        .filter((a) => a.type === "type")
        .map((a) => String(a.params.text))
        .filter((t) => t.startsWith("B04-"));
    expect(typed()).toEqual(["B04-a ", "B04-b "]);

    const knights = await startKnights(h.deps());
    try {
      const task = await h.waitFor(taskId, ["succeeded", "failed"], 30_000);
      expect(task.status).toBe("succeeded");
      expect(typed()).toEqual(["B04-a ", "B04-b ", "B04-c "]);
      const [batch] = await h.query<{ status: string; outcome: { results: unknown[] } }>(
        "select status, outcome from public.task_steps where task_id = $1 and seq = 1",
        [taskId],
      );
      expect(batch!.status).toBe("done");
      expect(batch!.outcome.results).toHaveLength(3);
    } finally {
      await knights.close();
    }
  }, 60_000);
});

async function until(check: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}
