import { z } from "zod";
import { formatMicros } from "../../../billing/index.ts";
import { untrusted } from "../untrusted.ts";
import { defineTool, excerpt } from "./types.ts";

type Row = {
  id: string;
  status: string;
  request: string;
  employee: string | null;
  step_count: number;
  cost_micros: string;
  question: string | null;
  result: string | null;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
  cancel_requested_at: Date | null;
};

/**
 * Status of one task, or of the five most recent. Results, questions and
 * errors are what a knight read off screens and web pages, so they travel
 * as untrusted data; so does the stored request text.
 */
export const taskStatus = defineTool({
  name: "task_status",
  description:
    "Status of a task by id, or of the most recent tasks when no id is given: state, employee, steps, cost, and the result, question or error.",
  input: z.object({ taskId: z.uuid().optional() }),
  async run(tx, args, ctx) {
    const { rows } = await tx.query<Row>(
      `select t.id, t.status, t.request, e.name as employee, t.step_count, t.cost_micros::text,
              t.question, t.result, t.error, t.created_at, t.finished_at, t.cancel_requested_at
         from public.tasks t left join public.employees e on e.id = t.employee_id
        where t.customer_id = $1 and ($2::uuid is null or t.id = $2::uuid)
        order by t.created_at desc
        limit 5`,
      [ctx.customerId, args.taskId ?? null],
    );
    if (rows.length === 0) {
      return args.taskId
        ? { isError: true, content: "No task with that id for this customer." }
        : { content: "The customer has no tasks yet." };
    }
    return {
      content: rows.map(describe).join("\n\n"),
      untrusted: true,
      audit: args.taskId ? { targetType: "task", targetId: args.taskId } : undefined,
    };
  },
});

function describe(t: Row): string {
  const facts = [
    `Task ${t.id}: ${t.status}${t.cancel_requested_at ? " (stop requested)" : ""}`,
    `steps ${t.step_count}, cost ${formatMicros(t.cost_micros)}`,
    `created ${t.created_at.toISOString()}`,
    t.finished_at ? `finished ${t.finished_at.toISOString()}` : "",
  ].filter(Boolean);
  const stored = [
    `employee: ${t.employee ?? "(none yet)"}`,
    `request: ${excerpt(t.request, 400)}`,
    t.question ? `question from the employee: ${t.question}` : "",
    t.result ? `result: ${t.result}` : "",
    t.error ? `error: ${t.error}` : "",
  ].filter(Boolean);
  return `${facts.join(", ")}\n${untrusted(`task.${t.id.slice(0, 8)}`, stored.join("\n"))}`;
}
