import { z } from "zod";
import {
  cadenceOf,
  describeCadence,
  formatInZone,
  type ScheduleRow,
  scheduleColumns,
} from "../../../schedules/index.ts";
import { untrusted } from "../untrusted.ts";
import { defineTool } from "./types.ts";

/** The customer's recurring tasks: id, what, when (their zone), status, next run. */
export const listSchedules = defineTool({
  name: "list_schedules",
  description:
    "List the customer's recurring tasks: id, what each does, when it runs (in the customer's time zone), status and next run.",
  input: z.object({}),
  async run(tx, _args, ctx) {
    const { rows } = await tx.query<ScheduleRow & { time_zone: string }>(
      `select ${scheduleColumns("s")}, c.time_zone from public.scheduled_tasks s
         join public.customers c on c.id = s.customer_id
        where s.customer_id = $1 and s.status <> 'cancelled'
        order by s.created_at limit 50`,
      [ctx.customerId],
    );
    if (rows.length === 0)
      return { content: "The customer has no recurring tasks. schedule_task proposes one." };
    // The task text is stored customer text: data, not instructions.
    const lines = rows.map(
      (s) =>
        `- ${s.id}: "${s.request.slice(0, 200)}", ${describeCadence(cadenceOf(s))}, ${s.status}${
          s.status === "active" && s.next_run_at
            ? `, next run ${formatInZone(s.next_run_at, s.time_zone)}`
            : ""
        }`,
    );
    return {
      content: `${rows.length} recurring task(s):\n${untrusted("schedules", lines.join("\n"))}`,
      untrusted: true,
    };
  },
});
