/**
 * What a knight is told before its first step, besides the task: the role
 * version the task started with (a reseller's later edits do not reach a
 * running task) and the employee's notes from earlier tasks.
 */
import type { Tx } from "../../db/index.ts";
import { notesForBriefing } from "../../memory/index.ts";
import { type CatalogueRole, currentRole, roleVersion } from "../../roles/index.ts";

export type Briefing = { role?: CatalogueRole; notes: string[] };

/** The task's role version (or, for a task written before versions, the role's current one) and notes. */
export async function loadBriefing(
  tx: Tx,
  task: { id: string; customer_id: string },
  employee: { id: string; role_template: string },
): Promise<Briefing> {
  const { rows } = await tx.query<{ role_version_id: string | null }>(
    "select role_version_id from public.tasks where id = $1",
    [task.id],
  );
  const pinned = rows[0]?.role_version_id;
  const role = pinned
    ? await roleVersion(tx, pinned)
    : await currentRole(tx, task.customer_id, employee.role_template);
  const notes = await notesForBriefing(tx, {
    customerId: task.customer_id,
    employeeId: employee.id,
  });
  return { ...(role ? { role } : {}), notes };
}
