/** The monthly budget is a hard cap: reserved before each step, settled after, never overspent. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScriptedBrain, type NormalizedRequest } from "../../sandbox/models/index.ts";
import { queueTargets } from "../../testing/index.ts";
import { reserveStep } from "./budget.ts";
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
      name: "four",
      match: "[scenario:four]",
      steps: [
        { computer: [{ action: "type", text: "a" }] },
        { computer: [{ action: "type", text: "b" }] },
        { computer: [{ action: "type", text: "c" }] },
        { computer: [{ action: "type", text: "d" }] },
        { text: "Typed abcd." },
      ],
    },
  ],
});

describe.each(queueTargets())("budgets, $name", ({ queue, database }) => {
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

  const spent = async (customerId: string) => {
    const [row] = await h.query<{ usage: string; vm: string }>(
      `select (select coalesce(sum(cost_micros), 0) from public.usage_events where customer_id = $1)::text as usage,
              (select coalesce(sum(ceil(extract(epoch from now() - started_at) / 60)), 0) * 1000
                 from public.vms where customer_id = $1 and started_at is not null and stopped_at is null)::text as vm`,
      [customerId],
    );
    return Number(row!.usage) + Number(row!.vm);
  };

  it("lets concurrent reservations take the last cents one at a time", async () => {
    const owner = await h.customer({ budgetMicros: 1_000_000 });
    const tasks = await h.query<{ id: string }>(
      `insert into public.tasks (customer_id, request, status)
       select $1, 'race ' || n, 'running' from generate_series(1, 12) n returning id`,
      [owner.customerId],
    );
    const results = await Promise.all(
      tasks.map(({ id }) =>
        reserveStep(h.data, {
          customerId: owner.customerId,
          taskId: id,
          seq: 1,
          amountMicros: 150_000,
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(6);
    expect(results.find((r) => !r.ok)).toMatchObject({
      reason: "monthly_budget",
      budgetMicros: 1_000_000,
    });
  });

  it("reserves nothing for a task asked to stop, and marks the VM active with a reservation", async () => {
    const owner = await h.customer();
    const [employee] = await h.query<{ id: string }>(
      "insert into public.employees (customer_id, name, role_template) values ($1, 'Vera', 'researcher') returning id",
      [owner.customerId],
    );
    const [vm] = await h.query<{ id: string }>(
      `insert into public.vms (customer_id, employee_id, status, last_activity_at)
       values ($1, $2, 'running', now() - interval '1 hour') returning id`,
      [owner.customerId, employee!.id],
    );
    const [stopped, going] = await h.query<{ id: string }>(
      `insert into public.tasks (customer_id, request, status, cancel_requested_at)
       values ($1, 'stopped', 'running', now()), ($1, 'going', 'running', null) returning id`,
      [owner.customerId],
    );
    const reserve = (taskId: string) =>
      reserveStep(h.data, {
        customerId: owner.customerId,
        taskId,
        seq: 1,
        amountMicros: 10_000,
        vmId: vm!.id,
      });
    const activity = async () =>
      (
        await h.query<{ idle: boolean }>(
          "select last_activity_at < now() - interval '1 minute' as idle from public.vms where id = $1",
          [vm!.id],
        )
      )[0]!.idle;

    expect(await reserve(stopped!.id)).toEqual({ ok: false, reason: "cancelled" });
    expect(await activity()).toBe(true);
    expect(await reserve(going!.id)).toEqual({ ok: true });
    expect(await activity()).toBe(false);
    const held = await h.query<{ task_id: string }>(
      "select task_id from public.budget_reservations where customer_id = $1",
      [owner.customerId],
    );
    expect(held.map((r) => r.task_id)).toEqual([going!.id]);
  });

  it("resumes a task answered while its knight is still finishing the pause", async () => {
    const owner = await h.customer({ budgetMicros: 60_000 });
    const notifier = h.notifications.notifier;
    const send = notifier.send;
    let answered: Promise<boolean> | undefined;
    notifier.send = async (message) => {
      await send(message);
      if (answered || message.chatId !== owner.chatId || !message.text?.includes("monthly budget"))
        return;
      // The customer raises the budget and answers at once: the knight's job is
      // still running (it sends this before it ends), so the answer finds it active.
      answered = (async () => {
        await h.query("update public.customers set monthly_budget_micros = 5000000 where id = $1", [
          owner.customerId,
        ]);
        return knights.answerForCustomer({ customerId: owner.customerId, text: "go on" });
      })();
      await answered;
    };
    try {
      const taskId = await h.deploy(owner, { role: "ops_assistant", task: "[scenario:four] type" });
      const done = await h.waitFor(taskId, ["succeeded", "failed"]);
      expect(await answered).toBe(true);
      expect(done.status).toBe("succeeded");
    } finally {
      notifier.send = send;
    }
  });

  it("pauses a knight at the cap, tells the customer, and resumes once the budget allows", async () => {
    const owner = await h.customer({ budgetMicros: 60_000 });
    const taskId = await h.deploy(owner, { role: "ops_assistant", task: "[scenario:four] type" });
    const paused = await h.waitFor(taskId, ["waiting_for_input", "succeeded", "failed"]);
    expect(paused).toMatchObject({ status: "waiting_for_input", paused_reason: "budget" });
    expect(paused.question).toContain("monthly budget");
    expect(await spent(owner.customerId)).toBeLessThanOrEqual(60_000);
    expect(h.notifications.sent.at(-1)).toMatchObject({
      chatId: owner.chatId,
      text: expect.stringContaining("monthly budget ($0.06)"),
    });
    const stepsBefore = paused.step_count;

    await h.query("update public.customers set monthly_budget_micros = 5000000 where id = $1", [
      owner.customerId,
    ]);
    expect(await knights.answerTask(taskId, "go on")).toBe(true);
    const done = await h.waitFor(taskId, ["succeeded", "failed", "waiting_for_input"]);
    expect(done.status).toBe("succeeded");
    expect(done.step_count).toBe(5);
    expect(stepsBefore).toBeLessThan(5);
    // The resume after a budget pause is not an answer the model has to read.
    const answers = await h.query(
      "select 1 from public.task_steps where task_id = $1 and action = 'answer'",
      [taskId],
    );
    expect(answers).toHaveLength(0);
  });

  it("two knights racing for the last cents never spend past the cap together", async () => {
    const owner = await h.customer({ plan: "team", budgetMicros: 90_000 });
    const [a, b] = await Promise.all([
      h.deploy(owner, { role: "researcher", task: "[endless] one" }),
      h.deploy(owner, { role: "web_developer", task: "[endless] two" }),
    ]);
    const [ta, tb] = await Promise.all([
      h.waitFor(a, ["waiting_for_input", "failed"]),
      h.waitFor(b, ["waiting_for_input", "failed"]),
    ]);
    expect([ta.paused_reason, tb.paused_reason]).toEqual(["budget", "budget"]);
    expect(ta.step_count + tb.step_count).toBeGreaterThan(0);
    expect(await spent(owner.customerId)).toBeLessThanOrEqual(90_000);
    const open = await h.query(
      "select 1 from public.budget_reservations where customer_id = $1 and settled_at is null",
      [owner.customerId],
    );
    expect(open).toHaveLength(0);
  });
});
