import { z } from "zod";
import { requestApproval } from "../../../approvals/index.ts";
import { formatMicros } from "../../../billing/index.ts";
import { findRole, ROLE_IDS } from "../../roles.ts";
import { defineTool, excerpt } from "./types.ts";

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/**
 * Stores a recurring task as `pending_approval` and asks the customer to
 * approve it (kind `schedule_task`); the approval's executor
 * (`createScheduleExecutor`) activates it. Running it is the knights' job.
 */
export const scheduleTask = defineTool({
  name: "schedule_task",
  description:
    "Ask the customer to approve a recurring task (daily, weekly or monthly) for an employee role. Nothing is scheduled until they tap Approve.",
  input: z.object({
    role: z
      .string()
      .min(1)
      .max(64)
      .describe(`One of: ${ROLE_IDS.join(", ")}.`),
    task: z.string().min(1).max(2_000).describe("What to do each time."),
    cadence: z.enum(["daily", "weekly", "monthly"]),
    timeUtc: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
      .optional()
      .describe("HH:MM in UTC; default 09:00."),
    weekday: z.enum(WEEKDAYS).optional().describe("For weekly tasks; default monday."),
    employeeId: z.uuid().optional(),
  }),
  privileged: true,
  async run(tx, args, ctx) {
    const role = findRole(args.role);
    if (!role) {
      return { isError: true, content: `Unknown role. Pick one of: ${ROLE_IDS.join(", ")}.` };
    }
    const at = args.timeUtc ?? "09:00";
    const weekday = args.cadence === "weekly" ? WEEKDAYS.indexOf(args.weekday ?? "monday") : null;
    const when =
      args.cadence === "weekly"
        ? `every ${WEEKDAYS[weekday!]} at ${at} UTC`
        : `${args.cadence} at ${at} UTC`;
    const summary = `Schedule a ${role.name} ${when}: ${excerpt(args.task, 200)} (up to ${formatMicros(role.defaultBudgetMicros)} per run)`;
    const { rows } = await tx.query<{ id: string }>("select gen_random_uuid() as id");
    const scheduleId = rows[0]!.id;
    const approval = await requestApproval(tx, {
      customerId: ctx.customerId,
      userId: ctx.userId,
      kind: "schedule_task",
      summary,
      payload: { scheduleId, role: role.id, task: args.task, cadence: args.cadence, at, weekday },
    });
    await tx.query(
      `insert into public.scheduled_tasks
         (id, customer_id, employee_id, role_template, request, cadence, at_time, weekday,
          approval_id, budget_micros, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        scheduleId,
        ctx.customerId,
        args.employeeId ?? null,
        role.id,
        args.task,
        args.cadence,
        at,
        weekday,
        approval.id,
        role.defaultBudgetMicros,
        ctx.userId,
      ],
    );
    return {
      approval: { id: approval.id, summary },
      content: `Approval requested (${approval.id}): ${summary}. Nothing is scheduled until the customer taps Approve.`,
      audit: { targetType: "scheduled_task", targetId: scheduleId, detail: { role: role.id } },
    };
  },
});
