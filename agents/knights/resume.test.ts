/**
 * A worker dies mid-task (its loops aborted and its workers force-closed, as
 * a crash would leave them) and another picks the task up: the run resumes
 * after the last completed step, on the same VM, without repeating an action
 * or charging a model call twice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScriptedBrain } from "../../sandbox/models/index.ts";
import { queueTargets } from "../../testing/index.ts";
import { type RunningKnights, startKnights } from "./start.ts";
import { type Harness, startHarness } from "./test-harness.ts";

let h: Harness;
let crashDuringModelCall: (() => void) | undefined;
let slowNextType: (() => void) | undefined;

const brain = createScriptedBrain({
  scenarios: [
    {
      name: "crashy",
      match: "[scenario:crashy]",
      steps: [
        { computer: [{ action: "screenshot" }] },
        { computer: [{ action: "left_click", coordinate: [300, 300] }] },
        () => {
          // The worker dies while the model is answering step 3.
          crashDuringModelCall?.();
          crashDuringModelCall = undefined;
          return { computer: [{ action: "type", text: "one " }] };
        },
        { computer: [{ action: "type", text: "two " }] },
        () => {
          slowNextType?.();
          slowNextType = undefined;
          return { computer: [{ action: "type", text: "three " }] };
        },
        { computer: [{ action: "key", text: "ctrl+s" }] },
        { text: "All typed." },
      ],
    },
  ],
});

describe.each(queueTargets())("crash and resume, $name", (target) => {
  beforeAll(async () => {
    h = await startHarness({ ...target, brain });
  });
  afterAll(() => h?.close());

  it("resumes after the last completed step without a second VM, action or charge", async () => {
    const owner = await h.customer();
    const first: RunningKnights = await startKnights(h.deps());
    crashDuringModelCall = () => void first.close({ force: true });
    const taskId = await h.deploy(owner, { role: "ops_assistant", task: "[scenario:crashy] type" });

    // Worker 1 dies during the model call of step 3 (nothing of step 3 recorded).
    await until(async () => crashDuringModelCall === undefined);
    await first.close({ force: true });
    expect(await stepSeqs(taskId)).toEqual([1, 2]);

    // Worker 2 resumes; it dies while the desktop is typing "three" (the action landed,
    // the answer never came back).
    const second = await startKnights(h.deps());
    slowNextType = () => h.orgo.inject({ route: "type", phase: "after", delayMs: 5_000 });
    await until(async () => typed().includes("three "));
    await second.close({ force: true });

    // Worker 3 finishes it.
    const third = await startKnights(h.deps());
    try {
      const task = await h.waitFor(taskId, ["succeeded", "failed"], 30_000);
      expect(task.status).toBe("succeeded");

      const steps = await h.query<{
        seq: number;
        status: string;
        outcome: { uncertain?: boolean };
      }>("select seq, status, outcome from public.task_steps where task_id = $1 order by seq", [
        taskId,
      ]);
      expect(steps.map((s) => s.status)).toEqual([
        "done",
        "done",
        "done",
        "done",
        "failed",
        "done",
        "done",
      ]);
      expect(steps[4]!.outcome.uncertain).toBe(true);

      // One VM, and every action exactly once.
      expect(h.orgo.inspect.computers()).toHaveLength(1);
      expect(typed()).toEqual(["one ", "two ", "three "]);
      expect(h.orgo.inspect.actions().map((a) => a.type)).toEqual([
        "click",
        "type",
        "type",
        "type",
        "key",
      ]);

      // One charge per recorded model call; the call lost in the crash was never billed.
      const usage = await h.query<{ idempotency_key: string; cost_micros: string }>(
        "select idempotency_key, cost_micros from public.usage_events where task_id = $1 and kind = 'model_tokens'",
        [taskId],
      );
      expect(usage.map((u) => u.idempotency_key).sort()).toEqual(
        steps.map((s) => `knight:${taskId}:${s.seq}:model`).sort(),
      );
      expect(usage.reduce((n, u) => n + Number(u.cost_micros), 0)).toBe(Number(task.cost_micros));
    } finally {
      await third.close();
    }
  });

  it("adopts a VM whose creation answer was lost instead of creating a second one", async () => {
    const owner = await h.customer();
    const before = h.orgo.inspect.computers().length;
    // Orgo creates the computer, then the answer fails: the first attempt cannot record it.
    h.orgo.inject({ route: "create", status: 500, phase: "after" });
    const knights = await startKnights(h.deps());
    try {
      const taskId = await h.deploy(owner, { role: "researcher", task: "[scenario:plain] look" });
      const task = await h.waitFor(taskId, ["succeeded", "failed"], 30_000);
      expect(task.status).toBe("succeeded");
      const made = h.orgo.inspect.computers().slice(before);
      expect(made.map((c) => c.name)).toEqual([`mouse-${task.employee_id}`]);
    } finally {
      await knights.close();
    }
  });
});

function typed(): string[] {
  return h.orgo.inspect
    .actions()
    .filter((a) => a.type === "type")
    .map((a) => String(a.params.text));
}

async function stepSeqs(taskId: string) {
  const rows = await h.query<{ seq: number }>(
    "select seq from public.task_steps where task_id = $1 order by seq",
    [taskId],
  );
  return rows.map((r) => r.seq);
}

async function until(check: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}
