import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createApprovalExecutors, decideApproval } from "../../approvals/index.ts";
import { modelCostMicros } from "../../billing/index.ts";
import { databaseBackends } from "../../testing/index.ts";
import { type Harness, resetModels, rows, startHarness } from "./test-support.ts";

describe.each(databaseBackends())("King Mouse on %s", (backend) => {
  let h: Harness;
  let chat = 1000;
  beforeAll(async () => {
    h = await startHarness(backend);
  });
  afterAll(() => h.close());
  beforeEach(() => {
    resetModels(h);
    chat += 1;
  });
  const say = (text: string, userId = h.tenants.a.owner) =>
    h.king.handleMessage({ userId, customerId: h.tenants.a.customer, chatId: chat, text });

  test("'hire a web developer' asks for approval, deploys nothing, and deploys once the customer taps Approve", async () => {
    const reply = await say("Please hire a web developer to build a website for my bakery");
    expect(reply.status).toBe("answered");
    // The customer already employs a web developer (Pixel): the work goes to it.
    expect(reply.approval?.summary).toMatch(
      /^Deploy Web Developer "Pixel": Please hire a web developer.*\(budget up to \$5\.00\)$/,
    );
    expect(reply.text).toContain("Web Developer");

    const [approval] = await rows<{
      kind: string;
      status: string;
      payload: unknown;
      requested_by: string;
    }>(h, "select kind, status, payload, requested_by from public.approvals where id = $1", [
      reply.approval!.id,
    ]);
    expect(approval).toEqual({
      kind: "deploy_employee",
      status: "pending",
      requested_by: h.tenants.a.owner,
      payload: {
        role: "web_developer",
        roleVersionId: expect.any(String),
        task: "Please hire a web developer to build a website for my bakery",
        roleTitle: "Web Developer",
        // For the card under the buttons: the role's cap and a typical task's cost and minutes.
        budgetMicros: 5_000_000,
        estimateMicros: expect.any(Number),
        estimateMinutes: expect.any(Number),
        priceMicros: 0,
        employeeName: "Pixel",
        employeeId: expect.any(String),
      },
    });
    const before = await rows(h, "select id from public.tasks where customer_id = $1", [
      h.tenants.a.customer,
    ]);
    expect(before).toHaveLength(1); // only the seeded one: asking did not act

    // The bot's tap: decide, then run the executor the knights register for this kind.
    const deployed: unknown[] = [];
    const executors = createApprovalExecutors({
      deploy_employee: async (a) => {
        deployed.push(a.payload);
        return "Deployed";
      },
    });
    const decision = await decideApproval(h.data, {
      approvalId: reply.approval!.id,
      userId: h.tenants.a.owner,
      approve: true,
    });
    expect(decision.outcome).toBe("approved");
    if (decision.outcome === "approved") await executors.execute(decision.approval);
    expect(deployed).toEqual([approval!.payload]);

    const audited = await rows<{ action: string; actor_user_id: string }>(
      h,
      "select action, actor_user_id from public.audit_log where customer_id = $1 and action like 'brain.tool.%' and detail->>'toolUseId' is not null order by id desc limit 1",
      [h.tenants.a.customer],
    );
    expect(audited[0]).toEqual({
      action: "brain.tool.deploy_employee",
      actor_user_id: h.tenants.a.owner,
    });
  });

  test("every model call is metered exactly once with the price table's cost; one message event per message", async () => {
    const reply = await say("list my employees");
    expect(reply.text).toContain("Pixel");
    const calls = h.models.anthropic.log.entries().filter((e) => e.status === 200);
    expect(calls).toHaveLength(2); // the tool call, then the answer
    const events = await rows<{
      kind: string;
      quantity: string;
      cost_micros: string;
      idempotency_key: string;
      detail: Record<string, number>;
    }>(
      h,
      "select kind, quantity::text, cost_micros::text, idempotency_key, detail from public.usage_events where idempotency_key like $1 order by occurred_at, idempotency_key",
      [`brain:${reply.messageId}:%`],
    );
    const modelEvents = events.filter((e) => e.kind === "model_tokens");
    expect(modelEvents).toHaveLength(2);
    expect(events.filter((e) => e.kind === "message")).toHaveLength(1);
    for (const [i, call] of calls.entries()) {
      const u = call.usage!;
      const event = modelEvents.find((e) =>
        e.idempotency_key.startsWith(`brain:${reply.messageId}:r${i}:`),
      )!;
      expect(Number(event.quantity)).toBe(u.input + u.output + u.cacheRead + u.cacheCreation);
      // claude-sonnet-4-6: $3 / $15 / $0.30 / $3.75 per million tokens, rounded up per class
      const expected =
        u.input * 3 +
        u.output * 15 +
        Math.ceil(u.cacheRead * 0.3) +
        Math.ceil(u.cacheCreation * 3.75);
      expect(Number(event.cost_micros)).toBe(expected);
      expect(expected).toBe(
        modelCostMicros("claude-sonnet-4-6", {
          input: u.input,
          output: u.output,
          cacheRead: u.cacheRead,
          cacheWrite: u.cacheCreation,
        }),
      );
      expect(event.detail).toMatchObject({
        provider: "anthropic",
        model: "claude-sonnet-4-6",
        input: u.input,
      });
    }
    expect(calls[1]!.usage!.cacheRead).toBeGreaterThan(0); // the stable prefix was cached
  });

  test("usage and balance, a screenshot reference, task status and stopping a task", async () => {
    await h.data.asService("test: credit", (tx) =>
      tx.query(
        "insert into public.credit_ledger (customer_id, kind, amount_micros, reason, idempotency_key) values ($1, 'credit', 2500000, 'welcome', $2)",
        [h.tenants.a.customer, `c-${chat}`],
      ),
    );
    const usage = await say("what's my usage and balance?");
    expect(usage.text).toMatch(/Plan: Pro/);
    expect(usage.text).toContain("Credit balance: $2.50");

    const shot = await say("send me a screenshot");
    expect(shot.screenshot).toMatchObject({ frameId: h.tenants.a.frame, taskId: h.tenants.a.task });

    const status = await say(`what's the status of task ${h.tenants.a.task}?`);
    expect(status.text).toContain("running");

    const stop = await say(`stop task ${h.tenants.a.task}`);
    expect(stop.text).toContain("Stop requested");
    const [task] = await rows<{ stopped: boolean }>(
      h,
      "select cancel_requested_at is not null as stopped from public.tasks where id = $1",
      [h.tenants.a.task],
    );
    expect(task!.stopped).toBe(true);
    const [audited] = await rows<{ n: string }>(
      h,
      "select count(*)::text as n from public.audit_log where action = 'brain.tool.stop_task' and target_id = $1",
      [h.tenants.a.task],
    );
    expect(audited!.n).toBe("1");
  });

  test("a viewer can ask but not act: deploying is refused by RLS and explained", async () => {
    const reply = await say("Please hire a researcher to find flour suppliers", h.tenants.a.viewer);
    expect(reply.approval).toBeUndefined();
    expect(reply.text).toContain("read-only");
  });

  test("a stranger to the customer gets no answer and no model call", async () => {
    const reply = await h.king.handleMessage({
      userId: h.tenants.b.owner,
      customerId: h.tenants.a.customer,
      chatId: chat,
      text: "list employees",
    });
    expect(reply.status).toBe("not_authorized");
    expect(h.models.anthropic.log.counters().requests).toBe(0);
  });

  test("at the plan's message limit the customer is told how to upgrade, without a model call", async () => {
    await h.data.asService("test: use up messages", (tx) =>
      tx.query(
        "insert into public.usage_events (customer_id, kind, quantity, cost_micros, idempotency_key) values ($1, 'message', 5000, 0, $2)",
        [h.tenants.a.customer, `bulk-${chat}`],
      ),
    );
    try {
      const reply = await say("hello?");
      expect(reply.status).toBe("limit_reached");
      expect(reply.text).toContain("5,000 messages included in the Pro plan");
      expect(reply.text).toContain("/billing");
      expect(
        h.models.anthropic.log.counters().requests + h.models.openai.log.counters().requests,
      ).toBe(0);
    } finally {
      await h.data.asService("test: reset", (tx) =>
        tx.query("delete from public.usage_events where idempotency_key = $1", [`bulk-${chat}`]),
      );
    }
  });

  test("a budget held by a running knight's reservation and VM stops King Mouse too, without a model call", async () => {
    const customer = h.tenants.a.customer;
    // The budget is 1,000,000; a knight holds 995,000 in an open step reservation and 10
    // minutes of a running VM: nothing is spent yet, but nothing is left either.
    const held = await h.data.asService("test: a knight holds the budget", async (tx) => {
      await tx.query("update public.customers set monthly_budget_micros = 1000000 where id = $1", [
        customer,
      ]);
      const task = await tx.query<{ id: string }>(
        "insert into public.tasks (customer_id, request, status) values ($1, 'Long job', 'running') returning id",
        [customer],
      );
      await tx.query(
        "insert into public.budget_reservations (customer_id, task_id, seq, amount_micros) values ($1, $2, 1, 995000)",
        [customer, task.rows[0]!.id],
      );
      const employee = await tx.query<{ id: string }>(
        "insert into public.employees (customer_id, name, role_template) values ($1, 'Held', 'researcher') returning id",
        [customer],
      );
      await tx.query(
        "insert into public.vms (customer_id, employee_id, status, started_at) values ($1, $2, 'running', now() - interval '10 minutes')",
        [customer, employee.rows[0]!.id],
      );
      return { task: task.rows[0]!.id, employee: employee.rows[0]!.id };
    });
    try {
      const reply = await say("hello?");
      expect(reply.status).toBe("limit_reached");
      expect(reply.text).toContain("monthly spending limit");
      expect(
        h.models.anthropic.log.counters().requests + h.models.openai.log.counters().requests,
      ).toBe(0);
    } finally {
      await h.data.asService("test: release", async (tx) => {
        await tx.query("delete from public.vms where employee_id = $1", [held.employee]);
        await tx.query("delete from public.employees where id = $1", [held.employee]);
        await tx.query("delete from public.tasks where id = $1", [held.task]);
        await tx.query("update public.customers set monthly_budget_micros = null where id = $1", [
          customer,
        ]);
      });
    }
  });
});
