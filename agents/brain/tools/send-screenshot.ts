import { z } from "zod";
import { defineTool } from "./types.ts";

type Row = {
  id: string;
  task_id: string | null;
  created_at: Date;
  width: number | null;
  height: number | null;
};

/**
 * Finds the latest screenshot (of a task or an employee, or of any) and hands
 * its frame id to the bot, which sends the image with the reply. The model
 * gets no pixels and no text from the screen, so nothing on it can steer it.
 */
export const sendScreenshot = defineTool({
  name: "send_screenshot",
  description:
    "Send the customer the latest screenshot of an employee's desktop (of a given task or employee, or the most recent of all).",
  input: z.object({ taskId: z.uuid().optional(), employeeId: z.uuid().optional() }),
  async run(tx, args, ctx) {
    const { rows } = await tx.query<Row>(
      `select f.id, f.task_id, f.created_at, f.width, f.height
         from public.frames f
         left join public.vms v on v.id = f.vm_id
        where f.customer_id = $1
          and ($2::uuid is null or f.task_id = $2::uuid)
          and ($3::uuid is null or v.employee_id = $3::uuid)
        order by f.created_at desc
        limit 1`,
      [ctx.customerId, args.taskId ?? null, args.employeeId ?? null],
    );
    const frame = rows[0];
    if (!frame) return { isError: true, content: "There is no screenshot yet for that." };
    return {
      content: `The screenshot taken ${frame.created_at.toISOString()} (${frame.width ?? "?"}×${frame.height ?? "?"}) will be attached to your reply. Do not describe its contents; you cannot see it.`,
      screenshot: { frameId: frame.id, taskId: frame.task_id, capturedAt: frame.created_at },
      audit: { targetType: "frame", targetId: frame.id },
    };
  },
});
