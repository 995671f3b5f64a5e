/**
 * Hiring from the catalogue: the one operation behind King Mouse's
 * `deploy_employee`, the dashboard's "Hire" button and Telegram's `/hire`.
 * It never hires: it records an approval (kind `deploy_employee`) like any
 * spend, pinned to the role version the customer was shown, with its budget
 * and price; the knights' executor acts only after the tap.
 *
 * Work for a role the customer already employs goes to that employee (its
 * notes, its desktop) unless the request names another employee or asks for a
 * new one (`another`).
 */
import { requestApproval } from "../approvals/index.ts";
import { estimateTask, formatMicros } from "../billing/index.ts";
import type { Tx } from "../db/index.ts";
import { type CatalogueRole, matchRole, planAllows, visibleCatalogue } from "./catalogue.ts";

export type HireRequest = {
  customerId: string;
  userId: string | null;
  /** A catalogue key, name or alias ("researcher", "Web Developer", "price tracker"). */
  role?: string;
  /** What the employee should do. */
  task: string;
  /** An existing employee to give the task to. */
  employeeId?: string;
  /** An existing employee's name, or the name for a new one. */
  employeeName?: string;
  /** A new employee even when one of the role exists. */
  another?: boolean;
};

export type HireProposal = {
  approval: { id: string; summary: string; expiresAt: Date };
  role: CatalogueRole;
  /** The employee who will do it, when one exists already. */
  employee?: { id: string; name: string };
};

export type HireErrorCode = "unknown_role" | "not_on_plan" | "no_employee" | "invalid";

/** A hire that cannot be proposed; `message` is written for the customer (or the model). */
export class HireError extends Error {
  override name = "HireError";
  readonly code: HireErrorCode;
  /** The catalogue the customer may choose from instead. */
  readonly roles: readonly CatalogueRole[];
  constructor(code: HireErrorCode, message: string, roles: readonly CatalogueRole[] = []) {
    super(message);
    this.code = code;
    this.roles = roles;
  }
}

type Employee = { id: string; name: string; role_template: string };

/** Records a pending `deploy_employee` approval for a catalogue role; see the file header. */
export async function requestHire(tx: Tx, request: HireRequest): Promise<HireProposal> {
  const task = request.task.trim();
  if (!task || task.length > 2_000)
    throw new HireError("invalid", "Say what the employee should do (up to 2,000 characters).");
  const catalogue = await visibleCatalogue(tx, request.customerId);
  const named = await namedEmployee(tx, request);
  const role = named
    ? catalogue.find((r) => r.key === named.role_template)
    : matchRole(catalogue, request.role ?? "");
  if (!role) {
    throw new HireError(
      "unknown_role",
      named
        ? `${named.name}'s role is no longer offered; hire a role from the catalogue instead.`
        : `There is no role called "${(request.role ?? "").slice(0, 64)}". Choose one of: ${catalogue.map((r) => r.name).join(", ")}.`,
      catalogue,
    );
  }
  const { rows: plan } = await tx.query<{ plan: string }>(
    "select plan from public.customers where id = $1",
    [request.customerId],
  );
  if (!planAllows(plan[0]?.plan ?? "free", role)) {
    throw new HireError(
      "not_on_plan",
      `The ${role.name} comes with the ${role.minPlan === "team" ? "Team" : "Pro"} plan; upgrade with /billing to hire one.`,
      catalogue,
    );
  }
  const employee =
    named ?? (request.another ? undefined : await employeeOfRole(tx, request.customerId, role.key));
  const employeeName = employee?.name ?? request.employeeName?.trim().slice(0, 60);
  const summary = summaryOf(role, employeeName, task);
  // The card under the buttons is written from this payload: what, who, the budget and the estimate.
  const estimate = estimateTask({ model: "claude-sonnet-4-6", maxSteps: role.defaultMaxSteps });
  const approval = await requestApproval(tx, {
    customerId: request.customerId,
    userId: request.userId,
    kind: "deploy_employee",
    summary,
    payload: {
      role: role.key,
      roleVersionId: role.id,
      task,
      roleTitle: role.name,
      budgetMicros: role.defaultBudgetMicros,
      estimateMicros: Math.min(estimate.costMicros, role.defaultBudgetMicros),
      estimateMinutes: estimate.vmMinutes,
      priceMicros: role.priceMicros,
      ...(employeeName ? { employeeName } : {}),
      ...(employee ? { employeeId: employee.id } : {}),
    },
  });
  return {
    approval: { id: approval.id, summary, expiresAt: approval.expiresAt },
    role,
    ...(employee ? { employee: { id: employee.id, name: employee.name } } : {}),
  };
}

/** "Deploy a Researcher: … (budget up to $2.00, plus $1.00 for the role)". */
function summaryOf(role: CatalogueRole, name: string | undefined, task: string): string {
  const who = name ? `${role.name} "${name}"` : `a ${role.name}`;
  const price = role.priceMicros > 0 ? `, plus ${formatMicros(role.priceMicros)} for the role` : "";
  const text = task.length > 200 ? `${task.slice(0, 200).replace(/\s+\S*$/, "")}…` : task;
  return `Deploy ${who}: ${text} (budget up to ${formatMicros(role.defaultBudgetMicros)}${price})`;
}

/** The employee the request names by id, or by name when one of that name exists. */
async function namedEmployee(tx: Tx, request: HireRequest): Promise<Employee | undefined> {
  if (!request.employeeId && !request.employeeName) return undefined;
  const { rows } = await tx.query<Employee>(
    `select id, name, role_template from public.employees
      where customer_id = $1 and status <> 'removed'
        and (id = $2::uuid or ($2::uuid is null and lower(name) = lower($3)))
      order by created_at limit 1`,
    [request.customerId, request.employeeId ?? null, request.employeeName ?? null],
  );
  if (!rows[0] && request.employeeId)
    throw new HireError("no_employee", "That employee does not exist or was removed.");
  return rows[0];
}

/** The customer's first employee of a role, if any: more work of that kind goes to it. */
async function employeeOfRole(
  tx: Tx,
  customerId: string,
  key: string,
): Promise<Employee | undefined> {
  const { rows } = await tx.query<Employee>(
    `select id, name, role_template from public.employees
      where customer_id = $1 and role_template = $2 and status <> 'removed'
      order by created_at limit 1`,
    [customerId, key],
  );
  return rows[0];
}
