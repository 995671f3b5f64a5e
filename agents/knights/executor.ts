/**
 * What an approved `deploy_employee` does: make sure the employee exists (a
 * new one named after its role when none is given), write the task as
 * `queued`, then add its job. The task is committed before the job is added,
 * so a queue outage loses nothing: the relay enqueues it later. One task per
 * approval (`tasks.approval_id`), so running the executor twice is harmless.
 */
import { storedLanguage } from "../../accounts/index.ts";
import {
  type ApprovalExecutor,
  type ApprovalRow,
  EffectRefusedError,
  roleName,
} from "../../approvals/index.ts";
import { audit } from "../../audit/index.ts";
import { recordUsage } from "../../billing/index.ts";
import type { Data, Tx } from "../../db/index.ts";
import { catalogue, type Locale, localeFor } from "../../i18n/index.ts";
import type { Logger } from "../../observability/index.ts";
import type { QueueKit } from "../../queue/index.ts";
import { type CatalogueRole, currentRole, roleVersion } from "../../roles/index.ts";
import { enqueueTask, type JobPolicy, markEnqueued } from "./queue.ts";

/** The payload of a `deploy_employee` approval. */
export type DeployEmployeePayload = {
  role: string;
  /** The catalogue version the customer was shown; the task keeps it. */
  roleVersionId?: string;
  task: string;
  employeeName?: string;
  employeeId?: string;
};

export type DeployResult = { taskId: string; employeeId: string; employeeName: string };

/** An approval's payload is not a deployable request (retrying will not help). */
export class InvalidDeployError extends EffectRefusedError {
  override name = "InvalidDeployError";
}

/** Executors for the approval kinds knights handle; register them with `createApprovalExecutors`. */
export function createKnightExecutors(deps: {
  data: Data;
  queues: QueueKit;
  logger: Logger;
  jobs?: JobPolicy;
}): Record<string, ApprovalExecutor> {
  return {
    deploy_employee: async (approval) => {
      // Said to whoever tapped Approve, in their language (a new employee is named in it too).
      const locale = localeFor(
        await storedLanguage(deps.data, approval.decided_by ?? approval.requested_by),
      );
      const deployed = await deployEmployee(deps, approval, locale);
      return catalogue().t(locale, "knight-on-it", { name: deployed.employeeName });
    },
    // A stored login's use was approved: put the paused task back to work.
    // Idempotent: only a task still paused for an approval is re-queued.
    vault_use: async (approval) => {
      const resumed = await deps.data.asService("knights: resume after a login approval", (tx) =>
        resumeApprovalPause(tx, approval.task_id),
      );
      if (resumed) {
        try {
          await enqueueTask(deps.queues, resumed, deps.jobs);
          await markEnqueued(deps.data, resumed);
        } catch (error) {
          deps.logger.warn({ task: resumed, err: error }, "queue unavailable; relay will enqueue");
        }
      }
      return "Thanks — your employee carries on.";
    },
  };
}

/** Ensures the employee, writes the task as queued, enqueues its job (or leaves it to the relay). */
export async function deployEmployee(
  deps: { data: Data; queues: QueueKit; logger: Logger; jobs?: JobPolicy },
  approval: ApprovalRow,
  locale?: Locale,
): Promise<DeployResult> {
  const payload = readPayload(approval.payload);
  const deployed = await deps.data.asService("knights: deploy employee", async (tx) =>
    writeTask(tx, approval, payload, await deployedRole(tx, approval.customer_id, payload), locale),
  );
  try {
    await enqueueTask(deps.queues, deployed.taskId, deps.jobs);
    await markEnqueued(deps.data, deployed.taskId);
  } catch (error) {
    // The task is safe in Postgres; the relay enqueues it once the queue is back.
    deps.logger.warn(
      { task: deployed.taskId, err: error },
      "queue unavailable; relay will enqueue",
    );
  }
  return deployed;
}

/**
 * The role version the approval was for; a payload from before versions
 * names only a key and gets its current version. A role retired since the
 * request is not started: the customer approved something no longer sold.
 */
async function deployedRole(
  tx: Tx,
  customerId: string,
  payload: DeployEmployeePayload,
): Promise<CatalogueRole | undefined> {
  const role = payload.roleVersionId
    ? await roleVersion(tx, payload.roleVersionId)
    : await currentRole(tx, customerId, payload.role);
  if (role?.retiredAt) throw new InvalidDeployError(`The ${role.name} role is no longer offered.`);
  return role;
}

async function writeTask(
  tx: Tx,
  approval: ApprovalRow,
  payload: DeployEmployeePayload,
  role: CatalogueRole | undefined,
  locale?: Locale,
): Promise<DeployResult> {
  const existing = await tx.query<{ id: string; employee_id: string; name: string }>(
    `select t.id, t.employee_id, e.name from public.tasks t join public.employees e on e.id = t.employee_id
      where t.approval_id = $1`,
    [approval.id],
  );
  if (existing.rows[0]) {
    const row = existing.rows[0];
    return { taskId: row.id, employeeId: row.employee_id, employeeName: row.name };
  }
  const employee = payload.employeeId
    ? await existingEmployee(tx, approval.customer_id, payload.employeeId)
    : await newEmployee(tx, approval.customer_id, payload, role, locale);
  const values = [
    approval.customer_id,
    employee.id,
    approval.requested_by,
    payload.task,
    approval.decided_by,
    role?.defaultBudgetMicros ?? null,
    role?.defaultMaxSteps ?? 50,
    approval.id,
    role?.id ?? null,
  ];
  // A task the brain wrote ahead (awaiting approval) becomes the queued one.
  const updated = approval.task_id
    ? await tx.query<{ id: string }>(
        `update public.tasks set employee_id = $2, status = 'queued', approved_by = $5, approved_at = now(),
                queued_at = now(), budget_micros = coalesce(budget_micros, $6), max_steps = $7,
                approval_id = $8, role_version_id = $9, updated_at = now()
          where id = $10 and customer_id = $1 and status = 'awaiting_approval' returning id`,
        [...values, approval.task_id],
      )
    : undefined;
  const taskId =
    updated?.rows[0]?.id ??
    (
      await tx.query<{ id: string }>(
        `insert into public.tasks (customer_id, employee_id, requested_by, request, status, approved_by,
                                   approved_at, queued_at, budget_micros, max_steps, approval_id,
                                   role_version_id)
         values ($1, $2, $3, $4, 'queued', $5, now(), now(), $6, $7, $8, $9) returning id`,
        values,
      )
    ).rows[0]!.id;
  await chargeRolePrice(tx, { customerId: approval.customer_id, taskId, role });
  await audit(tx, {
    action: "knights.task_queued",
    targetType: "task",
    targetId: taskId,
    customerId: approval.customer_id,
    detail: {
      approvalId: approval.id,
      employeeId: employee.id,
      role: role?.key ?? payload.role,
      roleVersion: role?.version ?? null,
    },
  });
  return { taskId, employeeId: employee.id, employeeName: employee.name };
}

export async function existingEmployee(tx: Tx, customerId: string, employeeId: string) {
  const { rows } = await tx.query<{ id: string; name: string }>(
    `select id, name from public.employees
      where id = $1 and customer_id = $2 and status <> 'removed'`,
    [employeeId, customerId],
  );
  if (!rows[0]) throw new InvalidDeployError("That employee does not exist or was removed.");
  return rows[0];
}

/**
 * A role's price per task (a reseller's markup), charged once per task
 * through the usage ledger like any usage: it counts against budgets, goes
 * to Stripe with the overage and so into what the customer pays and the
 * reseller earns. The detail names the role and the reseller it is for.
 */
export async function chargeRolePrice(
  tx: Tx,
  at: { customerId: string; taskId: string; role: CatalogueRole | undefined },
): Promise<void> {
  if (!at.role || at.role.priceMicros <= 0) return;
  await recordUsage(tx, {
    customerId: at.customerId,
    kind: "role_fee",
    quantity: 1,
    costMicros: at.role.priceMicros,
    idempotencyKey: `role_fee:${at.taskId}`,
    taskId: at.taskId,
    detail: {
      role: at.role.key,
      version: at.role.version,
      name: at.role.name,
      resellerId: at.role.resellerId,
    },
  });
}

/** A new employee named after its role ("Researcher", "Researcher 2", …), in `locale` when given. */
export async function newEmployee(
  tx: Tx,
  customerId: string,
  payload: DeployEmployeePayload,
  role: CatalogueRole | undefined,
  locale?: Locale,
) {
  const roleWords = role && locale ? roleName(role.key, locale, role.name) : role?.name;
  const base = (payload.employeeName?.trim() || roleWords || titleCase(payload.role)).slice(0, 90);
  // "Researcher", then "Researcher 2", … so the customer can tell them apart.
  const { rows: taken } = await tx.query<{ name: string }>(
    "select name from public.employees where customer_id = $1 and (name = $2 or name like $2 || ' %')",
    [customerId, base],
  );
  const names = new Set(taken.map((r) => r.name));
  let name = base;
  for (let n = 2; names.has(name); n++) name = `${base} ${n}`;
  const { rows } = await tx.query<{ id: string; name: string }>(
    `insert into public.employees (customer_id, name, role_template) values ($1, $2, $3)
     returning id, name`,
    [customerId, name, (role?.key ?? payload.role).slice(0, 64)],
  );
  return rows[0]!;
}

function readPayload(raw: Record<string, unknown>): DeployEmployeePayload {
  const role = typeof raw.role === "string" ? raw.role.trim() : "";
  const task = typeof raw.task === "string" ? raw.task.trim() : "";
  if (!role || !task) throw new InvalidDeployError("A deployment needs a role and a task.");
  return {
    role,
    task: task.slice(0, 20_000),
    ...(typeof raw.employeeName === "string" && raw.employeeName.trim()
      ? { employeeName: raw.employeeName.trim() }
      : {}),
    ...(typeof raw.employeeId === "string" && raw.employeeId ? { employeeId: raw.employeeId } : {}),
    ...(typeof raw.roleVersionId === "string" && UUID.test(raw.roleVersionId)
      ? { roleVersionId: raw.roleVersionId }
      : {}),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function titleCase(text: string): string {
  return text.replace(/[_-]+/g, " ").replace(/\b\w/g, (c) => c.toUpperCase()) || "Knight";
}

/** Re-queues a task paused for an approval; its id, or undefined when there was none. */
async function resumeApprovalPause(tx: Tx, taskId: string | null): Promise<string | undefined> {
  if (!taskId) return undefined;
  const { rows } = await tx.query<{ id: string }>(
    `update public.tasks set status = 'queued', queued_at = now(), enqueued_at = null,
            paused_reason = null, question = null, updated_at = now()
      where id = $1 and status = 'waiting_for_input' and paused_reason = 'approval'
      returning id`,
    [taskId],
  );
  return rows[0]?.id;
}
