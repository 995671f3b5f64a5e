import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Data, Database } from "../db/index.ts";
import { databaseBackends } from "../testing/index.ts";
import { notifyBudgetAlerts } from "./budget-alerts.ts";
import { budgetStatus, checkBudget, setMonthlyBudget, spendPosition } from "./budgets.ts";
import { creditCustomer } from "./credits.ts";
import { BillingError } from "./errors.ts";
import { PLANS } from "./plans.ts";
import { billingDatabase, createCustomer, createUser, recordingNotifier } from "./test-support.ts";
import { recordUsage } from "./usage.ts";

describe.each(databaseBackends())("budgets and credits on %s", (backend) => {
  let db: Database;
  let data: Data;
  beforeAll(async () => {
    ({ db, data } = await billingDatabase(backend));
  });
  afterAll(() => db?.close());

  const spend = (customerId: string, costMicros: number, key: string) =>
    data.asService("test: usage", (tx) =>
      recordUsage(tx, {
        customerId,
        kind: "model_tokens",
        quantity: 1,
        costMicros,
        idempotencyKey: `${customerId}:${key}`,
      }),
    );

  it("keeps the database's plan default budgets equal to the plan catalogue", async () => {
    for (const plan of Object.values(PLANS)) {
      const { rows } = await db.pool.query(
        "select private.plan_default_budget_micros($1)::text as micros",
        [plan.id],
      );
      expect(Number(rows[0].micros), plan.id).toBe(plan.defaultBudgetMicros);
    }
  });

  it("says where a customer stands: spent, held, remaining, and closed at the cap", async () => {
    const { customerId } = await createCustomer(db, { budgetMicros: 1_000_000 });
    await spend(customerId, 990_000, "earlier");
    expect(await budgetStatus(data, customerId)).toMatchObject({
      allowed: true,
      spentMicros: 990_000,
      remainingMicros: 10_000,
    });
    await spend(customerId, 10_000, "last cents");
    expect(await budgetStatus(data, customerId)).toMatchObject({
      allowed: false,
      reason: "budget_reached",
      spentMicros: 1_000_000,
      remainingMicros: 0,
    });
  });

  it("lets exactly as many racing scheduled runs start as the last cents pay for", async () => {
    const { customerId } = await createCustomer(db, { budgetMicros: 1_000_000 });
    await spend(customerId, 990_000, "earlier");
    const runs = Array.from({ length: 6 }, (_, n) =>
      data.asService("test: a run starts", async (tx) => {
        const gate = await checkBudget(tx, customerId, { costMicros: 5_000 });
        if (gate.allowed)
          await recordUsage(tx, {
            customerId,
            kind: "vm_minutes",
            quantity: 5,
            costMicros: 5_000,
            idempotencyKey: `${customerId}:run-${n}`,
          });
        return gate;
      }),
    );
    const results = await Promise.all(runs);
    expect(results.filter((r) => r.allowed)).toHaveLength(2);
    expect(results.filter((r) => !r.allowed).every((r) => r.reason === "budget_reached")).toBe(
      true,
    );
  });

  it("counts the knights' open step reservations and running VM minutes as spent", async () => {
    const { customerId, ownerId } = await createCustomer(db, { budgetMicros: 100_000 });
    const task = await db.pool.query<{ id: string }>(
      "insert into public.tasks (customer_id, request, status) values ($1, 'Book a table', 'running') returning id",
      [customerId],
    );
    await db.pool.query(
      `insert into public.budget_reservations (customer_id, task_id, seq, amount_micros)
       values ($1, $2, 1, 60000), ($1, $2, 2, 5000)`,
      [customerId, task.rows[0]!.id],
    );
    await db.pool.query(
      "update public.budget_reservations set settled_at = now(), settled_micros = 4000 where seq = 2 and task_id = $1",
      [task.rows[0]!.id],
    );
    const employee = await db.pool.query<{ id: string }>(
      "insert into public.employees (customer_id, name, role_template) values ($1, 'Pixel', 'web') returning id",
      [customerId],
    );
    await db.pool.query(
      "insert into public.vms (customer_id, employee_id, status, started_at) values ($1, $2, 'running', now() - interval '9 minutes 30 seconds')",
      [customerId, employee.rows[0]!.id],
    );
    // 60,000 reserved + 10 started VM minutes × 1,000 = 70,000 held of 100,000: the same
    // figures the knights' reservation compares (private.committed_micros), as the owner sees them.
    const seen = await data.asUser({ sub: ownerId }, (tx) => spendPosition(tx, customerId));
    expect(seen).toMatchObject({ allowed: true, reservedMicros: 70_000, remainingMicros: 30_000 });
    await db.pool.query(
      "update public.budget_reservations set amount_micros = 90000 where seq = 1 and task_id = $1",
      [task.rows[0]!.id],
    );
    expect(await budgetStatus(data, customerId)).toMatchObject({
      allowed: false,
      reason: "budget_reached",
      remainingMicros: 0,
    });
  });

  it("stops a suspended customer whatever its budget", async () => {
    const { customerId } = await createCustomer(db);
    await db.pool.query("update public.customers set status = 'suspended' where id = $1", [
      customerId,
    ]);
    expect(await budgetStatus(data, customerId)).toMatchObject({
      allowed: false,
      reason: "suspended",
    });
  });

  it("lets the owner lower the budget, not raise it; an admin may raise it", async () => {
    const { customerId, ownerId } = await createCustomer(db, { plan: "pro" });
    const admin = await createUser(db, { admin: true });
    const viewer = await createUser(db, { customerId, role: "viewer" });

    expect(await budgetStatus(data, customerId)).toMatchObject({
      budgetMicros: PLANS.pro.defaultBudgetMicros,
      isDefault: true,
    });
    await expect(
      setMonthlyBudget(data, { userId: ownerId, customerId, budgetMicros: 40_000_000 }),
    ).resolves.toEqual({ budgetMicros: 40_000_000, isDefault: false });
    const raise = setMonthlyBudget(data, { userId: ownerId, customerId, budgetMicros: 60_000_000 });
    await expect(raise).rejects.toBeInstanceOf(BillingError);
    await expect(raise).rejects.toMatchObject({ code: "not_allowed" });
    await expect(
      setMonthlyBudget(data, { userId: ownerId, customerId, budgetMicros: null }),
    ).rejects.toMatchObject({ code: "not_allowed" });
    await expect(
      setMonthlyBudget(data, { userId: viewer, customerId, budgetMicros: 1 }),
    ).rejects.toMatchObject({ code: "not_allowed" });
    expect((await budgetStatus(data, customerId)).budgetMicros).toBe(40_000_000);

    await setMonthlyBudget(data, { userId: admin, customerId, budgetMicros: 250_000_000 });
    expect((await budgetStatus(data, customerId)).budgetMicros).toBe(250_000_000);
    const { rows } = await db.pool.query(
      `select actor_kind, detail from public.audit_log
        where customer_id = $1 and action = 'billing.budget_changed' order by id`,
      [customerId],
    );
    expect(rows.map((r) => [r.actor_kind, r.detail.toMicros])).toEqual([
      ["user", 40_000_000],
      ["admin", 250_000_000],
    ]);
  });

  it("alerts the owner once at 80% and once at 100% of the budget", async () => {
    const { customerId, ownerChatId } = await createCustomer(db, { budgetMicros: 10_000_000 });
    const notifier = recordingNotifier();
    const alert = () => notifyBudgetAlerts({ data, notifier }, customerId);

    await spend(customerId, 7_900_000, "a");
    expect(await alert()).toEqual([]);
    await spend(customerId, 100_000, "b");
    const [first, second] = await Promise.all([alert(), alert()]);
    expect([...first!, ...second!].map((a) => a.threshold)).toEqual([80]);
    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]).toMatchObject({ chatId: ownerChatId });
    expect(notifier.sent[0]!.text).toContain("$8.00 of its $10.00 monthly budget (80%)");

    await spend(customerId, 1_000_000, "c");
    expect(await alert()).toEqual([]);
    await spend(customerId, 1_000_000, "d");
    expect((await alert()).map((a) => a.threshold)).toEqual([100]);
    expect(await alert()).toEqual([]);
    expect(notifier.sent).toHaveLength(2);
    expect(notifier.sent[1]!.text).toContain("Knights are paused");
  });

  it("sends only the 100% alert when usage jumps past both thresholds, and retries a failed send", async () => {
    const { customerId } = await createCustomer(db, { budgetMicros: 1_000_000 });
    await spend(customerId, 1_200_000, "jump");
    const failing = {
      ...recordingNotifier(),
      send: async () => {
        throw new Error("outbox down");
      },
    };
    await expect(notifyBudgetAlerts({ data, notifier: failing }, customerId)).rejects.toThrow(
      "outbox down",
    );
    const notifier = recordingNotifier();
    expect(
      (await notifyBudgetAlerts({ data, notifier }, customerId)).map((a) => a.threshold),
    ).toEqual([100]);
    expect(await notifyBudgetAlerts({ data, notifier }, customerId)).toEqual([]);
    expect(notifier.sent).toHaveLength(1);
  });

  it("records admin credits once, in the ledger and the audit log, and refuses non-admins", async () => {
    const { customerId, ownerId } = await createCustomer(db);
    const admin = await createUser(db, { admin: true });
    const request = {
      adminUserId: admin,
      customerId,
      amountMicros: 2_500_000,
      reason: "Knight got stuck on a captcha",
      idempotencyKey: "cmd-42",
      kind: "refund" as const,
    };
    const first = await creditCustomer(data, request);
    const again = await creditCustomer(data, request);
    expect(first.recorded).toBe(true);
    expect(again).toEqual({ recorded: false, entryId: first.entryId });
    await expect(
      creditCustomer(data, { ...request, adminUserId: ownerId, idempotencyKey: "self-help" }),
    ).rejects.toMatchObject({ code: "not_allowed" });
    await expect(creditCustomer(data, { ...request, amountMicros: -5 })).rejects.toMatchObject({
      code: "invalid_amount",
    });

    const ledger = await db.pool.query(
      "select kind, amount_micros::text, created_by from public.credit_ledger where customer_id = $1",
      [customerId],
    );
    expect(ledger.rows).toEqual([{ kind: "refund", amount_micros: "2500000", created_by: admin }]);
    const audit = await db.pool.query(
      "select actor_user_id, actor_kind, detail from public.audit_log where customer_id = $1 and action = 'billing.refund'",
      [customerId],
    );
    expect(audit.rows).toEqual([
      {
        actor_user_id: admin,
        actor_kind: "admin",
        detail: { amountMicros: 2_500_000, reason: "Knight got stuck on a captcha" },
      },
    ]);
  });
});
