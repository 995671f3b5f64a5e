import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApprovalExecutors, decideApproval } from "../../approvals/index.ts";
import { createScriptedBrain, DEFAULT_TOOL_RULES } from "../../sandbox/models/index.ts";
import { databaseBackends } from "../../testing/index.ts";
import { createScheduleExecutor, nextRunAt } from "./schedule-executor.ts";
import { type Harness, rows, startHarness } from "./test-support.ts";

test("next run times (UTC)", () => {
  const from = new Date("2026-11-22T10:30:00Z"); // a Sunday
  expect(nextRunAt("daily", "09:00", null, from).toISOString()).toBe("2026-11-23T09:00:00.000Z");
  expect(nextRunAt("daily", "11:15", null, from).toISOString()).toBe("2026-11-22T11:15:00.000Z");
  expect(nextRunAt("weekly", "09:00", 3, from).toISOString()).toBe("2026-11-25T09:00:00.000Z");
  expect(nextRunAt("monthly", "09:00", null, from).toISOString()).toBe("2026-12-22T09:00:00.000Z");
  expect(nextRunAt("monthly", "12:00", null, new Date("2027-01-31T13:00:00Z")).toISOString()).toBe(
    "2027-02-28T12:00:00.000Z",
  );
});

describe.each(databaseBackends())("recurring tasks on %s", (backend) => {
  let h: Harness;
  beforeAll(async () => {
    // The default scripted model has no rule for scheduling; teach it one.
    h = await startHarness(backend, {
      brain: createScriptedBrain({
        rules: [
          {
            when: /\bevery (monday|day)\b/i,
            tool: "schedule_task",
            input: (text) => ({
              role: "social media manager",
              task: text,
              cadence: /monday/i.test(text) ? "weekly" : "daily",
              weekday: "monday",
              timeUtc: "08:30",
            }),
          },
          ...DEFAULT_TOOL_RULES,
        ],
      }),
    });
  });
  afterAll(() => h.close());

  test("scheduling asks for approval; only the approved executor activates it", async () => {
    const reply = await h.king.handleMessage({
      userId: h.tenants.a.owner,
      customerId: h.tenants.a.customer,
      chatId: 5001,
      text: "Post our specials to Instagram every Monday",
    });
    expect(reply.approval?.summary).toMatch(
      /^Schedule a Social Media Manager every monday at 08:30 UTC/,
    );
    const [pending] = await rows<{
      id: string;
      status: string;
      cadence: string;
      weekday: number;
      approval_id: string;
    }>(h, "select id, status, cadence, weekday, approval_id from public.scheduled_tasks");
    expect(pending).toMatchObject({
      status: "pending_approval",
      cadence: "weekly",
      weekday: 1,
      approval_id: reply.approval!.id,
    });

    // The customer cannot switch it on by hand, even as owner.
    const activate = h.data.asUser({ sub: h.tenants.a.owner }, (tx) =>
      tx.query("update public.scheduled_tasks set status = 'active' where id = $1", [pending!.id]),
    );
    await expect(activate).rejects.toThrow(/row-level security/);

    const decision = await decideApproval(h.data, {
      approvalId: reply.approval!.id,
      userId: h.tenants.a.owner,
      approve: true,
    });
    if (decision.outcome !== "approved") throw new Error(decision.outcome);
    const executors = createApprovalExecutors({
      schedule_task: createScheduleExecutor(h.data, {
        now: () => new Date("2026-11-22T10:00:00Z"),
      }),
    });
    expect(await executors.execute(decision.approval)).toBe(
      "Scheduled. First run 2026-11-23 08:30 UTC.",
    );
    const [active] = await rows<{ status: string; next: string }>(
      h,
      "select status, next_run_at::text as next from public.scheduled_tasks where id = $1",
      [pending!.id],
    );
    expect(active!.status).toBe("active");
    expect(new Date(active!.next).toISOString()).toBe("2026-11-23T08:30:00.000Z");
    // A replayed executor call changes nothing.
    expect(await executors.execute(decision.approval)).toMatch(/already handled/);

    // Pausing stays the customer's own business.
    await h.data.asUser({ sub: h.tenants.a.owner }, (tx) =>
      tx.query("update public.scheduled_tasks set status = 'paused' where id = $1", [pending!.id]),
    );
    const [paused] = await rows<{ status: string }>(
      h,
      "select status from public.scheduled_tasks where id = $1",
      [pending!.id],
    );
    expect(paused!.status).toBe("paused");
  });
});
