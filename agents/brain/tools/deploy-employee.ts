import { z } from "zod";
import { requestApproval } from "../../../approvals/index.ts";
import { estimateTask, formatMicros } from "../../../billing/index.ts";
import type { Tx } from "../../../db/index.ts";
import { findRole, ROLE_IDS, type Role, roleById } from "../../roles.ts";
import { defineTool, excerpt } from "./types.ts";

const input = z.object({
  role: z
    .string()
    .min(1)
    .max(64)
    .describe(`One of: ${ROLE_IDS.join(", ")}.`),
  task: z
    .string()
    .min(1)
    .max(2_000)
    .describe("What the employee should do, in the customer's terms, with every detail they gave."),
  why: z.string().max(300).optional().describe("One sentence on why this role fits the task."),
  employeeName: z.string().min(1).max(60).optional().describe("Existing or new employee's name."),
  employeeId: z.uuid().optional().describe("An existing employee to give the task to."),
});

type Employee = { id: string; name: string; role_template: string };

/**
 * Asks the customer to approve deploying an employee; it does not deploy.
 * The approval (kind `deploy_employee`, payload `{ role, task, employeeName?,
 * employeeId? }`) is what the bot shows with Approve/Deny buttons; the
 * knights' executor runs only after the tap.
 */
export const deployEmployee = defineTool({
  name: "deploy_employee",
  description:
    "Ask the customer to approve giving a task to an AI employee (a new one of the chosen role, or an existing one). Nothing starts until the customer taps Approve.",
  input,
  privileged: true,
  async run(tx, args, ctx) {
    const existing = await findEmployee(tx, ctx.customerId, args);
    if (existing === "missing") {
      return { isError: true, content: "No such employee. Use list_employees to see who exists." };
    }
    const role = existing ? roleById(existing.role_template) : findRole(args.role);
    if (!role) {
      return {
        isError: true,
        content: `Unknown role "${excerpt(args.role, 64)}". Pick one of: ${ROLE_IDS.join(", ")}.`,
      };
    }
    const employeeName = existing?.name ?? args.employeeName;
    const summary = summaryOf(role, employeeName, args.task);
    // The card under the buttons is written from this payload: what, who, the budget and the estimate.
    const estimate = estimateTask({ model: "claude-sonnet-4-6", maxSteps: role.defaultMaxSteps });
    const payload = {
      role: role.id,
      task: args.task,
      ...(employeeName ? { employeeName } : {}),
      ...(existing ? { employeeId: existing.id } : {}),
      budgetMicros: role.defaultBudgetMicros,
      estimateMicros: Math.min(estimate.costMicros, role.defaultBudgetMicros),
      estimateMinutes: estimate.vmMinutes,
    };
    const approval = await requestApproval(tx, {
      customerId: ctx.customerId,
      userId: ctx.userId,
      kind: "deploy_employee",
      summary,
      payload,
    });
    return {
      approval: { id: approval.id, summary },
      content: [
        `Approval requested: ${summary}.`,
        "Nothing has started: the customer sees a card with these details and Approve / Deny buttons after your reply, so do not repeat them or mention any id.",
        `Tell the customer you picked the ${role.name} role${args.why ? ` because ${excerpt(args.why, 300)}` : ""}, and that the budget cap is ${formatMicros(role.defaultBudgetMicros)}.`,
      ].join(" "),
      audit: { targetType: "approval", targetId: approval.id, detail: { role: role.id } },
    };
  },
});

function summaryOf(role: Role, name: string | undefined, task: string): string {
  const who = name ? `${role.name} "${excerpt(name, 60)}"` : `a ${role.name}`;
  return `Deploy ${who}: ${excerpt(task, 200)} (budget up to ${formatMicros(role.defaultBudgetMicros)})`;
}

/** The employee the call names by id, or by name when one of that name exists. */
async function findEmployee(
  tx: Tx,
  customerId: string,
  args: { employeeId?: string; employeeName?: string },
): Promise<Employee | "missing" | undefined> {
  if (!args.employeeId && !args.employeeName) return undefined;
  const { rows } = await tx.query<Employee>(
    `select id, name, role_template from public.employees
      where customer_id = $1 and status <> 'removed'
        and (id = $2::uuid or ($2::uuid is null and lower(name) = lower($3)))
      order by created_at limit 1`,
    [customerId, args.employeeId ?? null, args.employeeName ?? null],
  );
  if (rows[0]) return rows[0];
  return args.employeeId ? "missing" : undefined;
}
