import { z } from "zod";
import { formatMicros } from "../../../billing/index.ts";
import { HireError, requestHire } from "../../../roles/index.ts";
import { defineTool, excerpt } from "./types.ts";

const input = z.object({
  role: z
    .string()
    .min(1)
    .max(64)
    .describe("A role key from the catalogue in your instructions, e.g. researcher."),
  task: z
    .string()
    .min(1)
    .max(2_000)
    .describe("What the employee should do, in the customer's terms, with every detail they gave."),
  why: z.string().max(300).optional().describe("One sentence on why this role fits the task."),
  employeeName: z.string().min(1).max(60).optional().describe("Existing or new employee's name."),
  employeeId: z.uuid().optional().describe("An existing employee to give the task to."),
  another: z
    .boolean()
    .optional()
    .describe("Hire a new employee even if one of this role exists (only when the customer asks)."),
});

/**
 * Asks the customer to approve giving a task to an employee of a catalogue
 * role; it does not deploy. The hire itself is `requestHire` (roles/), the
 * same operation the dashboard and `/hire` use; the knights' executor runs
 * only after the tap.
 */
export const deployEmployee = defineTool({
  name: "deploy_employee",
  description:
    "Ask the customer to approve giving a task to an AI employee of a catalogue role (the existing employee of that role, or a new one). Nothing starts until the customer taps Approve.",
  input,
  privileged: true,
  async run(tx, args, ctx) {
    try {
      const hire = await requestHire(tx, {
        customerId: ctx.customerId,
        userId: ctx.userId,
        role: args.role,
        task: args.task,
        ...(args.employeeId ? { employeeId: args.employeeId } : {}),
        ...(args.employeeName ? { employeeName: args.employeeName } : {}),
        ...(args.another ? { another: true } : {}),
      });
      const { approval, role, employee } = hire;
      const price =
        role.priceMicros > 0 ? `, plus ${formatMicros(role.priceMicros)} for the role` : "";
      return {
        approval: { id: approval.id, summary: approval.summary },
        content: [
          `Approval requested: ${approval.summary}.`,
          "Nothing has started: the customer sees a card with these details and Approve / Deny buttons after your reply, so do not repeat them or mention any id.",
          employee
            ? `The task goes to ${employee.name}, the customer's existing ${role.name}.`
            : `A new ${role.name} will be hired.`,
          `Tell the customer you picked the ${role.name} role${args.why ? ` because ${excerpt(args.why, 300)}` : ""}, and that the budget cap is ${formatMicros(role.defaultBudgetMicros)}${price}.`,
        ].join(" "),
        audit: {
          targetType: "approval",
          targetId: approval.id,
          detail: { role: role.key, version: role.version },
        },
      };
    } catch (error) {
      if (!(error instanceof HireError)) throw error;
      const keys = error.roles.map((r) => r.key).join(", ");
      return {
        isError: true,
        content:
          error.code === "unknown_role" && keys
            ? `Unknown role "${excerpt(args.role, 64)}". Pick one of: ${keys}.`
            : error.message,
      };
    }
  },
});
