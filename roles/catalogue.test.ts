/**
 * The catalogue end to end with real knights on the sandbox desktops and
 * models: a reseller's role reaches its own customers only, a hired task
 * keeps the role version it was approved with while the reseller updates the
 * role (and is charged the role's price), and an employee's notes from one
 * task are in its next task's prompt — not in another employee's or another
 * customer's — until a person deletes them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKnightExecutors } from "../agents/knights/executor.ts";
import { type RunningKnights, startKnights } from "../agents/knights/start.ts";
import { type Harness, startHarness } from "../agents/knights/test-harness.ts";
import { decideApproval } from "../approvals/index.ts";
import { overageMicros, periodUsage, planFor } from "../billing/index.ts";
import { deleteNote, listNotes } from "../memory/index.ts";
import { createScriptedBrain } from "../sandbox/models/index.ts";
import { queueTargets } from "../testing/index.ts";
import { publishRole, requestHire, retireRole, updateRole, visibleCatalogue } from "./index.ts";

const NOTE = "The hours form is under Settings → Business info";

const brain = createScriptedBrain({
  scenarios: [
    {
      name: "learn",
      match: "[scenario:learn]",
      steps: [
        { toolCalls: [{ name: "remember", input: { note: NOTE } }] },
        // Refused: a secret never becomes a note.
        { toolCalls: [{ name: "remember", input: { note: "The admin password is Tr0ub4dor&3" } }] },
        { text: "Updated the hours and noted where the form is." },
      ],
    },
    { name: "recall", match: "[scenario:recall]", steps: [{ text: "Done." }] },
  ],
});

const FLORIST_V1 = "Arrange bouquets in the customer's seasonal style (version one).";
const FLORIST_V2 = "Arrange bouquets in pastel colours only (version two).";

describe.each(queueTargets())("the role catalogue with knights, $name", ({ queue, database }) => {
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

  /** A reseller with an owner, and a customer of it. */
  async function resellerWithCustomer(name: string) {
    const [reseller] = await h.query<{ id: string }>(
      "insert into public.resellers (name) values ($1) returning id",
      [name],
    );
    const [staff] = await h.query<{ id: string }>(
      "insert into public.users (display_name) values ($1) returning id",
      [`${name} owner`],
    );
    await h.query(
      "insert into public.memberships (user_id, reseller_id, role) values ($1, $2, 'owner')",
      [staff!.id, reseller!.id],
    );
    const customer = await h.customer();
    await h.query("update public.customers set reseller_id = $2 where id = $1", [
      customer.customerId,
      reseller!.id,
    ]);
    return { resellerId: reseller!.id, staffId: staff!.id, customer };
  }

  /** Hire through the one function, approve as the owner, run the executor: the task's id. */
  async function hireAndApprove(
    owner: { customerId: string; userId: string },
    request: { role?: string; task: string; employeeId?: string; another?: boolean },
    between?: () => Promise<unknown>,
  ) {
    const hire = await h.data.asUser({ sub: owner.userId }, (tx) =>
      requestHire(tx, { customerId: owner.customerId, userId: owner.userId, ...request }),
    );
    await between?.();
    const decision = await decideApproval(h.data, {
      approvalId: hire.approval.id,
      userId: owner.userId,
      approve: true,
    });
    if (decision.outcome !== "approved") throw new Error(decision.outcome);
    const executors = createKnightExecutors({
      data: h.data,
      queues: h.queueKit(),
      logger: h.logger,
    });
    await executors.deploy_employee!(decision.approval);
    const [task] = await h.query<{ id: string; employee_id: string; role_version_id: string }>(
      "select id, employee_id, role_version_id from public.tasks where approval_id = $1",
      [hire.approval.id],
    );
    return { hire, task: task! };
  }

  /** The system prompt the knight's model was sent for the task whose request has `marker`. */
  function promptsFor(marker: string): string {
    return h.modelRequests.filter((body) => body.includes(marker)).join("\n");
  }

  it("a reseller's role reaches its own customers, not another reseller's, and a task keeps its version while the role changes", async () => {
    const acme = await resellerWithCustomer("Acme Digital");
    const other = await resellerWithCustomer("Other Partners");
    const florist = await h.data.asUser({ sub: acme.staffId }, (tx) =>
      publishRole(
        tx,
        { userId: acme.staffId, resellerId: acme.resellerId },
        {
          name: "Florist Assistant",
          pitch: "Plans bouquets and updates the shop's flower list.",
          pickWhen: "flowers, bouquets, florist orders",
          instructions: FLORIST_V1,
          defaultBudgetMicros: 1_000_000,
          defaultMaxSteps: 20,
          priceMicros: 1_500_000,
        },
      ),
    );
    const seen = async (who: { userId: string; customerId: string }) =>
      (await h.data.asUser({ sub: who.userId }, (tx) => visibleCatalogue(tx, who.customerId))).map(
        (r) => r.name,
      );
    expect(await seen(acme.customer)).toContain("Florist Assistant");
    expect(await seen(acme.customer)).toContain("Competitor Price Tracker");
    expect(await seen(other.customer)).not.toContain("Florist Assistant");
    expect(await seen(other.customer)).toContain("Web Developer");
    // Another reseller's customer cannot hire it even by its exact key.
    await expect(
      h.data.asUser({ sub: other.customer.userId }, (tx) =>
        requestHire(tx, { ...other.customer, role: florist.key, task: "Roses" }),
      ),
    ).rejects.toMatchObject({ code: "unknown_role" });

    // Asked for on version 1; the reseller publishes version 2 before the tap.
    const first = await hireAndApprove(
      acme.customer,
      { role: "florist assistant", task: "[scenario:recall] bouquet-one Plan Friday's bouquets" },
      () =>
        h.data.asUser({ sub: acme.staffId }, (tx) =>
          updateRole(tx, { userId: acme.staffId }, florist.key, {
            name: "Florist Assistant",
            pitch: "Plans bouquets.",
            pickWhen: "flowers, bouquets",
            instructions: FLORIST_V2,
            defaultBudgetMicros: 1_000_000,
            defaultMaxSteps: 20,
            priceMicros: 1_500_000,
          }),
        ),
    );
    expect(first.hire.approval.summary).toContain("plus $1.50 for the role");
    expect(first.task.role_version_id).toBe(florist.id);
    await h.waitFor(first.task.id, ["succeeded"]);
    expect(promptsFor("bouquet-one")).toContain(FLORIST_V1);
    expect(promptsFor("bouquet-one")).not.toContain(FLORIST_V2);

    // The next hire gets version 2, and goes to the same employee.
    const second = await hireAndApprove(acme.customer, {
      role: florist.key,
      task: "[scenario:recall] bouquet-two Plan Saturday's bouquets",
    });
    expect(second.task.employee_id).toBe(first.task.employee_id);
    expect(second.task.role_version_id).not.toBe(florist.id);
    await h.waitFor(second.task.id, ["succeeded"]);
    expect(promptsFor("bouquet-two")).toContain(FLORIST_V2);

    // The role's price is usage the customer is charged, once per task, naming the reseller.
    const fees = await h.query<{ cost_micros: string; detail: { resellerId: string } }>(
      "select cost_micros::text, detail from public.usage_events where customer_id = $1 and kind = 'role_fee' order by occurred_at",
      [acme.customer.customerId],
    );
    expect(fees.map((f) => [f.cost_micros, f.detail.resellerId])).toEqual([
      ["1500000", acme.resellerId],
      ["1500000", acme.resellerId],
    ]);
    // Never covered by a plan: all of it is overage, billed through the meter like any usage.
    const usage = await h.data.asService("test: usage", (tx) =>
      periodUsage(tx, acme.customer.customerId),
    );
    expect(usage.roleFeeMicros).toBe(3_000_000);
    expect(overageMicros(planFor("pro"), usage).roleFeeMicros).toBe(3_000_000);
    // And it is on the receipt of the task's last message.
    const receipts = h.notifications.sent.filter(
      (m) => m.chatId === acme.customer.chatId && m.text.includes("🧾"),
    );
    expect(receipts.some((m) => m.text.includes("Role: Florist Assistant, $1.50 per task"))).toBe(
      true,
    );
  });

  it("a retired role leaves the catalogue and cannot be hired; another reseller cannot retire it", async () => {
    const acme = await resellerWithCustomer("Retiring Partners");
    const other = await resellerWithCustomer("Nosy Partners");
    const role = await h.data.asUser({ sub: acme.staffId }, (tx) =>
      publishRole(
        tx,
        { userId: acme.staffId, resellerId: acme.resellerId },
        {
          name: "Candle Maker",
          pitch: "Orders wax.",
          pickWhen: "candles",
          instructions: "Order wax.",
          defaultBudgetMicros: 1_000_000,
          defaultMaxSteps: 10,
        },
      ),
    );
    await expect(
      h.data.asUser({ sub: other.staffId }, (tx) => retireRole(tx, role.key)),
    ).rejects.toMatchObject({ code: "not_found" });
    await h.data.asUser({ sub: acme.staffId }, (tx) => retireRole(tx, role.key));
    const names = (
      await h.data.asUser({ sub: acme.customer.userId }, (tx) =>
        visibleCatalogue(tx, acme.customer.customerId),
      )
    ).map((r) => r.name);
    expect(names).not.toContain("Candle Maker");
    await expect(
      h.data.asUser({ sub: acme.customer.userId }, (tx) =>
        requestHire(tx, { ...acme.customer, role: role.key, task: "Order wax" }),
      ),
    ).rejects.toMatchObject({ code: "unknown_role" });
  });

  it("an employee's note from task 1 is in task 2's prompt, not another employee's or customer's, and gone once deleted", async () => {
    const owner = await h.customer();
    const stranger = await h.customer();
    const learn = await hireAndApprove(owner, {
      role: "web_developer",
      task: "[scenario:learn] Set the opening hours to 9-5",
    });
    await h.waitFor(learn.task.id, ["succeeded"]);
    const notes = await listNotes(h.data, owner.userId, learn.task.employee_id);
    expect(notes.map((n) => n.body)).toEqual([NOTE]);
    // The refused secret reached neither the notes nor anything the model was told to keep.
    expect(JSON.stringify(notes)).not.toContain("Tr0ub4dor");

    const again = await hireAndApprove(owner, {
      role: "web developer",
      task: "[scenario:recall] task-two Change Sunday's hours",
    });
    expect(again.task.employee_id).toBe(learn.task.employee_id);
    await h.waitFor(again.task.id, ["succeeded"]);
    expect(promptsFor("task-two")).toContain(NOTE);

    const colleague = await hireAndApprove(owner, {
      role: "web_developer",
      task: "[scenario:recall] colleague-task Fix the footer",
      another: true,
    });
    expect(colleague.task.employee_id).not.toBe(learn.task.employee_id);
    await h.waitFor(colleague.task.id, ["succeeded"]);
    expect(promptsFor("colleague-task")).not.toContain(NOTE);

    const elsewhere = await hireAndApprove(stranger, {
      role: "web_developer",
      task: "[scenario:recall] stranger-task Change the hours",
    });
    await h.waitFor(elsewhere.task.id, ["succeeded"]);
    expect(promptsFor("stranger-task")).not.toContain(NOTE);
    // Nor can the other customer's people read or delete it.
    expect(await listNotes(h.data, stranger.userId, learn.task.employee_id)).toEqual([]);
    await expect(deleteNote(h.data, stranger.userId, notes[0]!.id)).rejects.toMatchObject({
      code: "not_found",
    });

    await deleteNote(h.data, owner.userId, notes[0]!.id);
    const third = await hireAndApprove(owner, {
      role: "web_developer",
      task: "[scenario:recall] task-three Change Monday's hours",
    });
    await h.waitFor(third.task.id, ["succeeded"]);
    expect(promptsFor("task-three")).not.toContain(NOTE);
    expect(promptsFor("task-three")).toContain("You have no notes from earlier tasks");
  });
});
