import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApprovalExecutors, decideApproval } from "../../approvals/index.ts";
import { createScriptedBrain, DEFAULT_TOOL_RULES } from "../../sandbox/models/index.ts";
import {
  billingGate,
  createScheduleControls,
  createScheduleEditExecutor,
  SCHEDULE_EDIT_KIND,
} from "../../schedules/index.ts";
import { databaseBackends } from "../../testing/index.ts";
import { writeScheduledTask } from "../knights/index.ts";
import { createScheduleExecutor } from "./schedule-executor.ts";
import { type Harness, rows, startHarness } from "./test-support.ts";
import { toCadence } from "./tools/schedule-task.ts";

test("the tool's flat arguments become cadences", () => {
  expect(toCadence({ cadence: "weekly", weekdays: ["monday", "friday"], time: "08:30" })).toEqual({
    kind: "weekly",
    at: "08:30",
    days: [1, 5],
  });
  expect(toCadence({ cadence: "monthly", dayOfMonth: 31 })).toEqual({
    kind: "monthly",
    at: "09:00",
    day: 31,
  });
  expect(toCadence({ cadence: "minutely" })).toEqual({ kind: "minutely", every: 1 });
});

describe.each(databaseBackends())("recurring tasks on %s", (backend) => {
  let h: Harness;
  beforeAll(async () => {
    // The default scripted model has no rule for scheduling; teach it one.
    h = await startHarness(backend, {
      brain: createScriptedBrain({
        rules: [
          {
            when: /\bevery (monday|day|minute)\b/i,
            tool: "schedule_task",
            input: (text) => ({
              role: "social media manager",
              task: text,
              cadence: /monday/i.test(text)
                ? "weekly"
                : /minute/i.test(text)
                  ? "minutely"
                  : "daily",
              weekdays: ["monday"],
              time: "08:30",
            }),
          },
          ...DEFAULT_TOOL_RULES,
        ],
      }),
    });
  });
  afterAll(() => h.close());

  test("scheduling asks for approval; only the approved executor activates it", async () => {
    await h.data.asService("test: time zone", (tx) =>
      tx.query("update public.customers set time_zone = 'Europe/Berlin' where id = $1", [
        h.tenants.a.customer,
      ]),
    );
    const reply = await h.king.handleMessage({
      userId: h.tenants.a.owner,
      customerId: h.tenants.a.customer,
      chatId: 5001,
      text: "Post our specials to Instagram every Monday",
    });
    expect(reply.approval?.summary).toMatch(
      /^Schedule a Social Media Manager every Monday at 08:30 \(Europe\/Berlin\): .* — up to \$\d+\.\d\d per run, about \$\d+\.\d\d a month$/,
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
      "Scheduled. First run Mon 23 Nov, 08:30 (Europe/Berlin).",
    );
    const [active] = await rows<{ status: string; next: string }>(
      h,
      "select status, next_run_at::text as next from public.scheduled_tasks where id = $1",
      [pending!.id],
    );
    expect(active!.status).toBe("active");
    expect(new Date(active!.next).toISOString()).toBe("2026-11-23T07:30:00.000Z");
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

  test("a schedule more often than the minimum interval is refused, nothing stored", async () => {
    const before = await rows(h, "select id from public.scheduled_tasks");
    const reply = await h.king.handleMessage({
      userId: h.tenants.a.owner,
      customerId: h.tenants.a.customer,
      chatId: 5001,
      text: "Refresh the prices every minute",
    });
    expect(reply.approval).toBeUndefined();
    expect(await rows(h, "select id from public.scheduled_tasks")).toEqual(before);
    const [audit] = await rows<{ outcome: string }>(
      h,
      "select detail->>'outcome' as outcome from public.audit_log where action = 'brain.tool.schedule_task' order by created_at desc limit 1",
    );
    expect(audit?.outcome).toBe("error");
  });

  test("a plain-language edit asks for approval, then moves the schedule", async () => {
    const reply = await h.king.handleMessage({
      userId: h.tenants.a.owner,
      customerId: h.tenants.a.customer,
      chatId: 5001,
      text: "Please move the Instagram specials post to 9am",
    });
    expect(reply.approval?.summary).toMatch(
      /^Move "Post our specials to Instagram every Monday" from every Monday at 08:30 to every Monday at 09:00$/,
    );
    const [before] = await rows<{ at: string }>(
      h,
      "select to_char(at_time, 'HH24:MI') as at from public.scheduled_tasks where request like 'Post our specials%'",
    );
    expect(before!.at).toBe("08:30");
    const decision = await decideApproval(h.data, {
      approvalId: reply.approval!.id,
      userId: h.tenants.a.owner,
      approve: true,
    });
    if (decision.outcome !== "approved") throw new Error(decision.outcome);
    const controls = createScheduleControls({
      data: h.data,
      enqueue: async () => {},
      run: { checkBudget: billingGate, writeTask: writeScheduledTask },
    });
    const executors = createApprovalExecutors({
      [SCHEDULE_EDIT_KIND]: createScheduleEditExecutor(controls),
    });
    // Paused by the previous test: it keeps its pause, with the new time.
    expect(await executors.execute(decision.approval)).toBe(
      "Done. It stays paused until you resume it.",
    );
    const [after] = await rows<{ at: string; days: number[] }>(
      h,
      "select to_char(at_time, 'HH24:MI') as at, days from public.scheduled_tasks where request like 'Post our specials%'",
    );
    expect(after).toEqual({ at: "09:00", days: [1] });
  });
});
