import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Data, Database } from "../db/index.ts";
import { databaseBackends } from "../testing/index.ts";
import { parsePeriodKey, periodKey, previousPeriod } from "./period.ts";
import { PLANS } from "./plans.ts";
import { estimateTask, taskActualCost } from "./quotes.ts";
import { billingSummary } from "./summary.ts";
import { billingDatabase, createCustomer, createUser } from "./test-support.ts";
import { recordUsage, type UsageEvent } from "./usage.ts";

describe("estimateTask", () => {
  it("prices steps from the model's token prices and VM minutes", () => {
    const estimate = estimateTask({ model: "claude-sonnet-4-6", maxSteps: 50 });
    // Per step: 3k fresh input ($3/M) + 3k cached ($0.30/M) + 250 output ($15/M) = 13,650 µ$.
    expect(estimate).toEqual({
      steps: 15,
      vmMinutes: 4,
      aiMicros: 204_750,
      vmMicros: 4_000,
      costMicros: 208_750,
      maxCostMicros: 682_500 + 11_000,
    });
    const cheaper = estimateTask({ model: "claude-haiku-4-5", maxSteps: 50 });
    expect(cheaper.costMicros).toBeLessThan(estimate.costMicros);
    expect(estimateTask({ model: "claude-sonnet-4-6", steps: 30 }).costMicros).toBeGreaterThan(
      estimate.costMicros,
    );
  });
});

describe("billing periods", () => {
  it("are UTC calendar months", () => {
    const november = parsePeriodKey("2026-11");
    expect(november.start.toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(november.end.toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(periodKey(previousPeriod(parsePeriodKey("2027-01")))).toBe("2026-12");
    expect(() => parsePeriodKey("2026-13")).toThrow();
  });
});

describe.each(databaseBackends())("billing summary and task cost on %s", (backend) => {
  let db: Database;
  let data: Data;
  beforeAll(async () => {
    ({ db, data } = await billingDatabase(backend));
  });
  afterAll(() => db?.close());

  const usage = (event: Omit<UsageEvent, "idempotencyKey">, key: string) =>
    data.asService("test: usage", (tx) =>
      recordUsage(tx, { ...event, idempotencyKey: `${event.customerId}:${key}` }),
    );

  it("shows plan, usage against what is included, balance and budget to the customer only", async () => {
    const { customerId, ownerId } = await createCustomer(db, { plan: "pro", name: "Bella's" });
    await usage({ customerId, kind: "message", quantity: 120, costMicros: 120_000 }, "m");
    await usage(
      { customerId, kind: "model_tokens", quantity: 5_000, costMicros: 31_500_000 },
      "ai",
    );
    await usage({ customerId, kind: "vm_minutes", quantity: 90, costMicros: 90_000 }, "vm");

    const summary = await billingSummary(data, { userId: ownerId, customerId });
    expect(summary).toMatchObject({
      customerName: "Bella's",
      plan: { id: "pro", name: "Pro", priceMicros: PLANS.pro.priceMicros },
      usage: {
        messages: { used: 120, included: PLANS.pro.includedMessages },
        aiMicros: { used: 31_500_000, included: PLANS.pro.includedAiMicros },
        vmMinutes: { used: 90, included: PLANS.pro.includedVmMinutes },
      },
      overageMicros: 1_500_000,
      balance: { creditMicros: 0, unbilledMicros: 1_500_000, balanceMicros: -1_500_000 },
      budget: {
        budgetMicros: PLANS.pro.defaultBudgetMicros,
        spentMicros: 31_710_000,
        percentUsed: 31,
        isDefault: true,
        reached: false,
      },
      subscription: null,
    });

    const stranger = await createUser(db);
    await expect(billingSummary(data, { userId: stranger, customerId })).rejects.toMatchObject({
      code: "not_allowed",
    });
  });

  it("reports a task's actual cost from the ledger", async () => {
    const { customerId } = await createCustomer(db);
    const task = await db.pool.query<{ id: string }>(
      "insert into public.tasks (customer_id, request, status) values ($1, 'Post the specials', 'running') returning id",
      [customerId],
    );
    const taskId = task.rows[0]!.id;
    for (const seq of [1, 2, 3]) {
      await db.pool.query(
        "insert into public.task_steps (customer_id, task_id, seq, action) values ($1, $2, $3, 'click')",
        [customerId, taskId, seq],
      );
      await usage(
        { customerId, taskId, kind: "model_tokens", quantity: 7_000, costMicros: 14_000 },
        `ai${seq}`,
      );
    }
    await usage({ customerId, taskId, kind: "vm_minutes", quantity: 2, costMicros: 2_000 }, "vm");
    await usage(
      { customerId, kind: "model_tokens", quantity: 1, costMicros: 999 },
      "not-this-task",
    );

    expect(await taskActualCost(data, taskId)).toEqual({
      taskId,
      steps: 3,
      aiMicros: 42_000,
      vmMinutes: 2,
      vmMicros: 2_000,
      costMicros: 44_000,
    });
  });
});
