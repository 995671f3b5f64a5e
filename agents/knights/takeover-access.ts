/**
 * Who may touch a knight's desktop, and who holds its controls now. The
 * employee is read as the caller under RLS (another customer's is simply
 * not found, whatever route asked); the control and the task are then read
 * on the service path, for the employee the caller was allowed to see.
 */
import type { Data, Tx } from "../../db/index.ts";
import { parseResolution } from "../orgo/index.ts";
import type { Size } from "./scale.ts";
import type { TaskStatus } from "./tasks.ts";

/** The person acting (a signed-in user, an API key's user, a Mini App user). */
export type ControlPrincipal = { userId: string };
/** Whose desktop: an employee of a customer. */
export type DesktopTarget = { customerId: string; employeeId: string };

/** Not the caller's to see (or no such employee): the same answer either way. */
export class DesktopNotFoundError extends Error {
  override name = "DesktopNotFoundError";
}
/** Visible, but the caller's role only watches. */
export class ControlForbiddenError extends Error {
  override name = "ControlForbiddenError";
}
/** The operation cannot happen now (someone else has the controls, nothing to take over, …). */
export class ControlConflictError extends Error {
  override name = "ControlConflictError";
  readonly reason: "busy" | "no_task" | "no_desktop" | "not_holding" | "waiting";
  constructor(reason: ControlConflictError["reason"], message: string) {
    super(message);
    this.reason = reason;
  }
}

export type Access = {
  employeeId: string;
  customerId: string;
  employeeName: string;
  canWrite: boolean;
  canManage: boolean;
  vm: { id: string; status: string; providerId: string | null; size: Size | null } | null;
  /** Who holds the controls now (a take-over whose task has ended holds nothing). */
  control: OpenControl | undefined;
};

/**
 * The employee as the caller may see it, with what their role allows and
 * the open take-over of its desktop: one statement under RLS (the hot path
 * of every action a person sends).
 */
export async function desktopAccess(
  data: Data,
  who: ControlPrincipal,
  target: DesktopTarget,
): Promise<Access> {
  const { rows } = await data.statementAsUser<{
    name: string;
    can_write: boolean;
    can_manage: boolean;
    vm_id: string | null;
    vm_status: string | null;
    provider_id: string | null;
    resolution: string | null;
    control_id: string | null;
    holder: string | null;
    holder_name: string | null;
    task_id: string | null;
    task_status: TaskStatus | null;
    paused_reason: string | null;
    actions: number | null;
    started_at: Date | null;
  }>(
    { sub: who.userId },
    `select e.name,
            (select private.is_platform_admin()) or e.customer_id in (select private.writable_customer_ids()) as can_write,
            (select private.is_platform_admin()) or e.customer_id in (select private.managed_customer_ids()) as can_manage,
            v.id as vm_id, v.status as vm_status, v.provider_id, v.resolution,
            d.id as control_id, d.user_id as holder, u.display_name as holder_name, d.task_id,
            t.status as task_status, t.paused_reason, d.actions, d.started_at
       from public.employees e
       left join public.vms v on v.employee_id = e.id
       left join public.desktop_controls d on d.vm_id = v.id and d.ended_at is null
       left join public.tasks t on t.id = d.task_id
       left join public.users u on u.id = d.user_id
      where e.customer_id = $1 and e.id = $2 and e.status <> 'removed'`,
    [target.customerId, target.employeeId],
    { name: "takeover_access" },
  );
  const row = rows[0];
  if (!row) throw new DesktopNotFoundError("No such employee");
  const live = row.control_id && ACTIVE.includes(row.task_status ?? "");
  return {
    employeeId: target.employeeId,
    customerId: target.customerId,
    employeeName: row.name,
    canWrite: row.can_write,
    canManage: row.can_manage,
    vm: row.vm_id
      ? {
          id: row.vm_id,
          status: row.vm_status ?? "unknown",
          providerId: row.provider_id,
          size: row.resolution ? parseResolution(row.resolution) : null,
        }
      : null,
    control: live
      ? {
          id: row.control_id!,
          userId: row.holder,
          userName: row.holder_name,
          taskId: row.task_id,
          taskStatus: row.task_status,
          pausedReason: row.paused_reason,
          actions: row.actions ?? 0,
          startedAt: row.started_at!,
        }
      : undefined,
  };
}

const ACTIVE: string[] = ["queued", "running", "waiting_for_input"];

/** An open take-over of a VM, with its task's state. */
export type OpenControl = {
  id: string;
  userId: string | null;
  userName: string | null;
  taskId: string | null;
  taskStatus: TaskStatus | null;
  pausedReason: string | null;
  actions: number;
  startedAt: Date;
};

/**
 * The VM's open take-over, if any (locked with `lock`). One whose task has
 * ended meanwhile (stopped, failed) is closed here: it holds nothing.
 */
export async function openControl(
  tx: Tx,
  vmId: string,
  { lock = false }: { lock?: boolean } = {},
): Promise<OpenControl | undefined> {
  await tx.query(
    `update public.desktop_controls d set ended_at = now()
      where d.vm_id = $1 and d.ended_at is null
        and not exists (select 1 from public.tasks t where t.id = d.task_id
                         and t.status in ('queued', 'running', 'waiting_for_input'))`,
    [vmId],
  );
  const { rows } = await tx.query<{
    id: string;
    user_id: string | null;
    user_name: string | null;
    task_id: string | null;
    task_status: TaskStatus | null;
    paused_reason: string | null;
    actions: number;
    started_at: Date;
  }>(
    `select d.id, d.user_id, u.display_name as user_name, d.task_id, t.status as task_status,
            t.paused_reason, d.actions, d.started_at
       from public.desktop_controls d
       left join public.users u on u.id = d.user_id
       left join public.tasks t on t.id = d.task_id
      where d.vm_id = $1 and d.ended_at is null
      ${lock ? "for update of d" : ""}`,
    [vmId],
  );
  const r = rows[0];
  return r
    ? {
        id: r.id,
        userId: r.user_id,
        userName: r.user_name,
        taskId: r.task_id,
        taskStatus: r.task_status,
        pausedReason: r.paused_reason,
        actions: r.actions,
        startedAt: r.started_at,
      }
    : undefined;
}

/**
 * Whether the knight is stopped for the person at the controls: its loop
 * pauses at a step boundary, so until then (running, or queued and about
 * to run) the controls are asked for but not yet handed over.
 */
export const controlActive = (control: OpenControl) =>
  control.taskStatus !== "running" && control.taskStatus !== "queued";

/** The employee's task in progress, locked (the newest, if several). */
export async function activeTask(tx: Tx, employeeId: string) {
  const { rows } = await tx.query<{ id: string; status: TaskStatus; paused_reason: string | null }>(
    `select id, status, paused_reason from public.tasks
      where employee_id = $1 and status in ('queued', 'running', 'waiting_for_input')
      order by created_at desc limit 1 for update`,
    [employeeId],
  );
  return rows[0];
}
