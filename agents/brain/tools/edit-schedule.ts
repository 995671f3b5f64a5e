import { z } from "zod";
import { requestApproval } from "../../../approvals/index.ts";
import {
  type Cadence,
  cadenceOf,
  customerTimeZone,
  describeCadence,
  InvalidCadenceError,
  SCHEDULE_EDIT_KIND,
  type ScheduleRow,
  scheduleColumns,
  validateCadence,
  WEEKDAY_NAMES,
} from "../../../schedules/index.ts";
import { defineTool, excerpt } from "./types.ts";

const WEEKDAYS = WEEKDAY_NAMES.map((d) => d.toLowerCase()) as [string, ...string[]];
const WORD = /[a-z0-9]{3,}/g;

/**
 * Plain-language edits of a recurring task ("move the Instagram post to
 * 9am"): finds the schedule by id or by the words of its task, builds the new
 * cadence from the old one, and asks the customer to approve the change
 * (kind `schedule_edit`); the approval's executor applies it through the
 * schedules' own edit function, which also refuses anything that would run
 * more often than the customer approved.
 */
export const editSchedule = defineTool({
  name: "edit_schedule",
  description:
    "Change when an existing recurring task runs (time of day in the customer's zone, weekdays, day of month). Identify it by scheduleId, or by words from its task. The customer approves the change.",
  input: z.object({
    scheduleId: z.uuid().optional(),
    match: z
      .string()
      .max(500)
      .optional()
      .describe("Words from the task, e.g. 'Instagram post', when the id is not known."),
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
      .optional()
      .describe("New HH:MM local time."),
    weekdays: z.array(z.enum(WEEKDAYS)).min(1).max(7).optional(),
    dayOfMonth: z.number().int().min(1).max(31).optional(),
  }),
  privileged: true,
  async run(tx, args, ctx) {
    const { rows } = await tx.query<ScheduleRow>(
      `select ${scheduleColumns("s")} from public.scheduled_tasks s
        where s.customer_id = $1 and s.status in ('active', 'paused')`,
      [ctx.customerId],
    );
    const schedule = args.scheduleId
      ? rows.find((s) => s.id === args.scheduleId)
      : bestMatch(rows, args.match ?? "");
    if (!schedule)
      return {
        isError: true,
        content: "No such recurring task. Call list_schedules and pass its id.",
      };
    const before = cadenceOf(schedule);
    const after = changed(before, args);
    if (!after)
      return {
        isError: true,
        content: `That change does not fit a task that runs ${describeCadence(before)}.`,
      };
    try {
      validateCadence(after, await customerTimeZone(tx, ctx.customerId), new Date(), {
        minIntervalMs: ctx.scheduleMinIntervalMs ?? 15 * 60_000,
      });
    } catch (error) {
      if (error instanceof InvalidCadenceError) return { isError: true, content: error.message };
      throw error;
    }
    const summary = `Move "${excerpt(schedule.request, 120)}" from ${describeCadence(before)} to ${describeCadence(after)}`;
    const approval = await requestApproval(tx, {
      customerId: ctx.customerId,
      userId: ctx.userId,
      kind: SCHEDULE_EDIT_KIND,
      summary,
      payload: { scheduleId: schedule.id, cadence: after, before, task: schedule.request },
    });
    return {
      approval: { id: approval.id, summary },
      content: `Approval requested: ${summary}. Nothing changes until the customer taps Approve on the card shown after your reply.`,
      audit: { targetType: "scheduled_task", targetId: schedule.id },
    };
  },
});

/** The schedule whose task shares the most words with `text` (none when nothing is shared). */
function bestMatch(rows: ScheduleRow[], text: string): ScheduleRow | undefined {
  const words = new Set(text.toLowerCase().match(WORD) ?? []);
  let best: { row: ScheduleRow; score: number } | undefined;
  for (const row of rows) {
    const score = (row.request.toLowerCase().match(WORD) ?? []).filter((w) => words.has(w)).length;
    if (score > 0 && (!best || score > best.score)) best = { row, score };
  }
  return best?.row;
}

function changed(
  before: Cadence,
  args: {
    time?: string | undefined;
    weekdays?: string[] | undefined;
    dayOfMonth?: number | undefined;
  },
): Cadence | undefined {
  if (!("at" in before)) return undefined;
  const at = args.time ?? before.at;
  if (args.weekdays)
    return { kind: "weekly", at, days: args.weekdays.map((d) => WEEKDAYS.indexOf(d)) };
  if (args.dayOfMonth !== undefined) {
    if (before.kind !== "monthly") return undefined;
    return { ...before, at, day: args.dayOfMonth };
  }
  if (!args.time) return undefined;
  return { ...before, at } as Cadence;
}
