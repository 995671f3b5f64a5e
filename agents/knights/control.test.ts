/** Stopping a knight, and the plan's limit on knights working at once. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScriptedBrain, type NormalizedRequest } from "../../sandbox/models/index.ts";
import { queueTargets } from "../../testing/index.ts";
import { type RunningKnights, startKnights } from "./start.ts";
import { type Harness, startHarness } from "./test-harness.ts";

const firstText = (request: NormalizedRequest) =>
  request.messages[0]?.parts.flatMap((p) => (p.type === "text" ? [p.text] : [])).join(" ") ?? "";

const brain = createScriptedBrain({
  decide: (request) =>
    firstText(request).includes("[endless]")
      ? { computer: [{ action: "left_click", coordinate: [100, 100] }] }
      : undefined,
  scenarios: [
    {
      name: "short",
      match: "[scenario:short]",
      steps: [
        { computer: [{ action: "type", text: "x" }] },
        { computer: [{ action: "key", text: "Return" }] },
        { text: "Done." },
      ],
    },
  ],
});

describe.each(queueTargets())("control, $name", ({ queue, database }) => {
  let h: Harness;
  let knights: RunningKnights;
  beforeAll(async () => {
    h = await startHarness({ queue, database, brain });
    knights = await startKnights(h.deps());
  });
  afterAll(async () => {
    await knights?.close();
    await h?.close();
  });

  const stepCount = async (taskId: string) =>
    Number(
      (
        await h.query<{ n: string }>(
          "select count(*)::text as n from public.task_steps where task_id = $1",
          [taskId],
        )
      )[0]!.n,
    );
  const until = async (check: () => Promise<boolean>) => {
    const deadline = Date.now() + 20_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error("timed out");
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it("/stop cancels a running knight within one step", async () => {
    const owner = await h.customer();
    const taskId = await h.deploy(owner, { role: "researcher", task: "[endless] keep clicking" });
    await until(async () => (await stepCount(taskId)) >= 3);
    // Slow the model down so the stop lands mid-step.
    h.anthropic.faults.setLatency(300);
    try {
      const atStop = await stepCount(taskId);
      expect(await knights.cancelTask(taskId)).toBe("requested");
      const task = await h.waitFor(taskId, ["cancelled", "failed", "succeeded"]);
      expect(task.status).toBe("cancelled");
      expect(await stepCount(taskId)).toBeLessThanOrEqual(atStop + 1);
      const pending = await h.query(
        "select 1 from public.task_steps where task_id = $1 and status = 'pending'",
        [taskId],
      );
      expect(pending).toHaveLength(0);
      expect(h.notifications.sent.at(-1)).toMatchObject({
        chatId: owner.chatId,
        text: expect.stringContaining("stopped"),
      });
    } finally {
      h.anthropic.faults.setLatency(0);
    }
  });

  it("a stop requested from another process (the dashboard) ends the run before its next step", async () => {
    const owner = await h.customer();
    const taskId = await h.deploy(owner, { role: "researcher", task: "[endless] click on" });
    await until(async () => (await stepCount(taskId)) >= 2);
    await h.query("update public.tasks set cancel_requested_at = now() where id = $1", [taskId]);
    const atStop = await stepCount(taskId);
    expect((await h.waitFor(taskId, ["cancelled", "failed", "succeeded"])).status).toBe(
      "cancelled",
    );
    expect(await stepCount(taskId)).toBeLessThanOrEqual(atStop + 1);
  });

  it("a graceful close stops loops between steps and another worker carries on", async () => {
    const owner = await h.customer();
    const own = await startKnights(h.deps());
    const taskId = await h.deploy(owner, { role: "researcher", task: "[endless] on and on" });
    await until(async () => (await stepCount(taskId)) >= 2);
    await knights.close();
    await own.close();
    const paused = await stepCount(taskId);
    expect((await h.task(taskId)).status).toBe("running");
    expect(
      await h.query("select 1 from public.task_steps where task_id = $1 and status = 'pending'", [
        taskId,
      ]),
    ).toHaveLength(0);
    knights = await startKnights(h.deps());
    await until(async () => (await stepCount(taskId)) > paused + 1);
    await knights.cancelTask(taskId, { by: owner.userId });
    expect((await h.waitFor(taskId, ["cancelled"])).status).toBe("cancelled");
    const audited = await h.query<{ detail: { reason: string } }>(
      "select detail from public.audit_log where action = 'task.stop_requested' and target_id = $1",
      [taskId],
    );
    expect(audited.map((a) => a.detail.reason)).toEqual([owner.userId]);
  });

  it("runs no more knights at once than the plan allows, and stops a queued one at once", async () => {
    const owner = await h.customer({ plan: "free" });
    // The first knight holds the plan's only slot until it is stopped, so the
    // other two are certainly still queued (a short first task could finish
    // while they are being deployed, and the slot go to either).
    const a = await h.deploy(owner, { role: "researcher", task: "[endless] a" });
    await until(async () => (await stepCount(a)) >= 1);
    const b = await h.deploy(owner, { role: "web_developer", task: "[scenario:short] b" });
    const c = await h.deploy(owner, { role: "ops_assistant", task: "[scenario:short] c" });
    expect(await knights.cancelTask(c)).toBe("cancelled");
    expect((await h.task(b)).status).toBe("queued");
    expect(await knights.cancelTask(a)).toBe("requested");
    const [ta, tb] = [
      await h.waitFor(a, ["cancelled", "failed"], 40_000),
      await h.waitFor(b, ["succeeded", "failed"], 40_000),
    ];
    expect([ta.status, tb.status]).toEqual(["cancelled", "succeeded"]);
    const finishedFirst = await h.query<{ finished_at: Date }>(
      "select finished_at from public.tasks where id = $1",
      [a],
    );
    expect(tb.started_at!.getTime()).toBeGreaterThanOrEqual(
      finishedFirst[0]!.finished_at.getTime(),
    );
    expect((await h.task(c)).status).toBe("cancelled");
    expect(await stepCount(c)).toBe(0);
  });
});
