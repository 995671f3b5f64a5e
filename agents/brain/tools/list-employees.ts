import { z } from "zod";
import { untrusted } from "../untrusted.ts";
import { defineTool } from "./types.ts";

type Row = {
  id: string;
  name: string;
  role_template: string;
  role_name: string | null;
  status: string;
  active: string;
};

/** The customer's employees with their role, status and number of unfinished tasks. */
export const listEmployees = defineTool({
  name: "list_employees",
  description: "List the customer's AI employees: id, name, role, status and unfinished tasks.",
  input: z.object({
    includeRemoved: z.boolean().optional().describe("Also list removed employees."),
  }),
  async run(tx, args, ctx) {
    const { rows } = await tx.query<Row>(
      `select e.id, e.name, e.role_template, e.status,
              (select r.name from public.catalogue_roles r where r.key = e.role_template
                order by r.version desc limit 1) as role_name,
              (select count(*) from public.tasks t
                where t.employee_id = e.id
                  and t.status in ('awaiting_approval', 'queued', 'running', 'waiting_for_input'))::text as active
         from public.employees e
        where e.customer_id = $1 and ($2 or e.status <> 'removed')
        order by e.created_at
        limit 50`,
      [ctx.customerId, args.includeRemoved ?? false],
    );
    if (rows.length === 0) {
      return { content: "The customer has no employees yet. deploy_employee proposes one." };
    }
    // Names are stored text anyone in the workspace can set: data, not instructions.
    const lines = rows.map(
      (r) =>
        `- ${r.id}: name "${r.name}", ${r.role_name ?? r.role_template}, ${r.status}, ${r.active} unfinished task(s)`,
    );
    return {
      content: `${rows.length} employee(s):\n${untrusted("employees", lines.join("\n"))}`,
      untrusted: true,
    };
  },
});
