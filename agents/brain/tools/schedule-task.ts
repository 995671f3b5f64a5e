import { z } from "zod";
import { matchRole, planAllows, visibleCatalogue } from "../../../roles/index.ts";
import {
  type Cadence,
  InvalidCadenceError,
  requestSchedule,
  WEEKDAY_NAMES,
} from "../../../schedules/index.ts";
import { defineTool } from "./types.ts";

const WEEKDAYS = WEEKDAY_NAMES.map((d) => d.toLowerCase()) as [string, ...string[]];
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Stores a recurring task as `pending_approval` and asks the customer to
 * approve it (kind `schedule_task`), through `requestSchedule`; the approval's
 * executor activates it and the scheduler runs it. Times are the customer's
 * local time (their time zone, set with /timezone).
 */
export const scheduleTask = defineTool({
  name: "schedule_task",
  description:
    "Ask the customer to approve a recurring task for an employee role. Times are in the customer's own time zone. Nothing is scheduled until they tap Approve.",
  input: z.object({
    role: z
      .string()
      .min(1)
      .max(64)
      .describe("A role key from the catalogue in your instructions, e.g. social_media_manager."),
    task: z.string().min(1).max(2_000).describe("What to do each time."),
    cadence: z.enum(["daily", "weekdays", "weekly", "monthly", "hourly", "minutely"]),
    time: z
      .string()
      .regex(HHMM)
      .optional()
      .describe("HH:MM local time for daily, weekdays, weekly and monthly; default 09:00."),
    weekdays: z
      .array(z.enum(WEEKDAYS))
      .min(1)
      .max(7)
      .optional()
      .describe("For weekly tasks; default monday."),
    dayOfMonth: z
      .number()
      .int()
      .min(1)
      .max(31)
      .optional()
      .describe("For monthly tasks; 31 means the month's last day. Default 1."),
    every: z
      .number()
      .int()
      .min(1)
      .max(59)
      .optional()
      .describe("For hourly (every N hours) and minutely (every N minutes) tasks. Default 1."),
    employeeId: z.uuid().optional(),
  }),
  privileged: true,
  async run(tx, args, ctx) {
    const catalogue = await visibleCatalogue(tx, ctx.customerId);
    const role = matchRole(catalogue, args.role);
    if (!role) {
      const keys = catalogue.map((r) => r.key).join(", ");
      return { isError: true, content: `Unknown role. Pick one of: ${keys}.` };
    }
    const { rows: plan } = await tx.query<{ plan: string }>(
      "select plan from public.customers where id = $1",
      [ctx.customerId],
    );
    if (!planAllows(plan[0]?.plan ?? "free", role)) {
      return {
        isError: true,
        content: `The ${role.name} comes with the ${role.minPlan === "team" ? "Team" : "Pro"} plan; the customer can upgrade with /billing.`,
      };
    }
    try {
      const requested = await requestSchedule(tx, {
        customerId: ctx.customerId,
        userId: ctx.userId,
        role: { id: role.key, name: role.name },
        task: args.task,
        cadence: toCadence(args),
        ...(args.employeeId ? { employeeId: args.employeeId } : {}),
        ...(ctx.scheduleMinIntervalMs !== undefined
          ? { minIntervalMs: ctx.scheduleMinIntervalMs }
          : {}),
      });
      return {
        approval: requested.approval,
        content: `Approval requested: ${requested.approval.summary}. Nothing is scheduled until the customer taps Approve on the card shown after your reply.`,
        audit: {
          targetType: "scheduled_task",
          targetId: requested.scheduleId,
          detail: { role: role.key, cadence: args.cadence },
        },
      };
    } catch (error) {
      if (error instanceof InvalidCadenceError) return { isError: true, content: error.message };
      throw error;
    }
  },
});

type Args = {
  cadence: "daily" | "weekdays" | "weekly" | "monthly" | "hourly" | "minutely";
  time?: string | undefined;
  weekdays?: string[] | undefined;
  dayOfMonth?: number | undefined;
  every?: number | undefined;
};

/** The tool's flat arguments as a cadence. */
export function toCadence(args: Args): Cadence {
  const at = args.time ?? "09:00";
  switch (args.cadence) {
    case "daily":
    case "weekdays":
      return { kind: args.cadence, at };
    case "weekly":
      return {
        kind: "weekly",
        at,
        days: (args.weekdays ?? ["monday"]).map((d) => WEEKDAYS.indexOf(d)),
      };
    case "monthly":
      return { kind: "monthly", at, day: args.dayOfMonth ?? 1 };
    case "hourly":
      return { kind: "hourly", every: args.every ?? 1, minute: Number(at.slice(3, 5)) };
    case "minutely":
      return { kind: "minutely", every: args.every ?? 1 };
  }
}
