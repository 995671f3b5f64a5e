/**
 * A customer's knights and their work, read as the caller under RLS: the
 * overview, employees with their VM and current step, task history and a
 * task's step-by-step timeline, and stored screenshots.
 */
import type { Data } from "../../db/index.ts";
import { notFound } from "./errors.ts";
import { type Cursor, decodeCursor, type Page, toPage } from "./pagination.ts";

export type CurrentStep = {
  taskId: string;
  request: string;
  status: string;
  stepCount: number;
  seq: number | null;
  action: string | null;
  stepStatus: string | null;
  at: Date | null;
};

export type EmployeeSummary = {
  id: string;
  name: string;
  role_template: string;
  status: string;
  vm: { id: string; status: string } | null;
  current: CurrentStep | null;
};

export type TaskSummary = {
  id: string;
  employee_id: string | null;
  employee_name: string | null;
  request: string;
  status: string;
  step_count: number;
  cost_micros: number;
  created_at: Date;
  finished_at: Date | null;
};

export type StepRow = {
  id: string;
  seq: number;
  status: string;
  action: string;
  params: Record<string, unknown>;
  outcome: Record<string, unknown> | null;
  frame_id: string | null;
  model: string | null;
  cost_micros: number;
  started_at: Date;
  finished_at: Date | null;
};

export type TaskDetail = TaskSummary & {
  result: string | null;
  error: string | null;
  question: string | null;
  first_frame_id: string | null;
  steps: StepRow[];
};

const ACTIVE = "('queued', 'running', 'waiting_for_input')";

/** SQL for the latest active task of each employee and its latest step (one row per employee). */
const CURRENT_STEP = `
  left join lateral (
    select t.id as task_id, t.request, t.status as task_status, t.step_count
      from public.tasks t
     where t.employee_id = e.id and t.status in ${ACTIVE}
     order by t.created_at desc limit 1) cur on true
  left join lateral (
    select s.seq, s.action, s.status as step_status, coalesce(s.finished_at, s.started_at) as step_at
      from public.task_steps s where s.task_id = cur.task_id
     order by s.seq desc limit 1) st on true`;

type EmployeeRow = {
  id: string;
  name: string;
  role_template: string;
  status: string;
  vm_id: string | null;
  vm_status: string | null;
  task_id: string | null;
  request: string | null;
  task_status: string | null;
  step_count: number | null;
  seq: number | null;
  action: string | null;
  step_status: string | null;
  step_at: Date | null;
};

const toEmployee = (r: EmployeeRow): EmployeeSummary => ({
  id: r.id,
  name: r.name,
  role_template: r.role_template,
  status: r.status,
  vm: r.vm_id ? { id: r.vm_id, status: r.vm_status ?? "unknown" } : null,
  current: r.task_id
    ? {
        taskId: r.task_id,
        request: r.request ?? "",
        status: r.task_status ?? "",
        stepCount: r.step_count ?? 0,
        seq: r.seq,
        action: r.action,
        stepStatus: r.step_status,
        at: r.step_at,
      }
    : null,
});

const employeeSelect = (extra = "") => `
  select ${extra}e.id, e.name, e.role_template, e.status, v.id as vm_id, v.status as vm_status,
         cur.task_id, cur.request, cur.task_status, cur.step_count,
         st.seq, st.action, st.step_status, st.step_at
    from public.employees e
    left join public.vms v on v.employee_id = e.id
    ${CURRENT_STEP}`;

/** The customer's employees (not removed), each with its VM and current step. */
export async function listEmployees(
  data: Data,
  userId: string,
  customerId: string,
): Promise<EmployeeSummary[]> {
  return data.asUser({ sub: userId }, async (tx) => {
    const { rows } = await tx.query<EmployeeRow>(
      `${employeeSelect()} where e.customer_id = $1 and e.status <> 'removed' order by e.created_at`,
      [customerId],
    );
    return rows.map(toEmployee);
  });
}

/** One employee of the customer, or a 404. */
export async function getEmployee(
  data: Data,
  userId: string,
  customerId: string,
  employeeId: string,
): Promise<EmployeeSummary> {
  const row = await data.asUser({ sub: userId }, async (tx) => {
    const { rows } = await tx.query<EmployeeRow>(
      `${employeeSelect()} where e.customer_id = $1 and e.id = $2`,
      [customerId, employeeId],
    );
    return rows[0];
  });
  if (!row) throw notFound("No such employee");
  return toEmployee(row);
}

/** The current step of the employees owning these VMs, read on the service path (the caller was checked when they connected). */
export async function currentStepsByVm(
  data: Data,
  vmIds: string[],
): Promise<Map<string, CurrentStep | null>> {
  if (vmIds.length === 0) return new Map();
  const rows = await data.asService("live: current steps", async (tx) => {
    const { rows } = await tx.query<EmployeeRow & { vm_key: string }>(
      `${employeeSelect("v.id::text as vm_key, ")} where v.id = any($1::uuid[])`,
      [vmIds],
    );
    return rows;
  });
  const out = new Map<string, CurrentStep | null>(vmIds.map((id) => [id, null]));
  for (const row of rows) out.set(row.vm_key, toEmployee(row).current);
  return out;
}

const TASK_COLUMNS = `t.id, t.employee_id, e.name as employee_name, t.request, t.status, t.step_count,
  t.cost_micros::float8 as cost_micros, t.created_at, t.finished_at, t.created_at::text as cursor_ts`;

/** The customer's tasks, newest first, a page at a time (optionally of one employee). */
export async function listTasks(
  data: Data,
  userId: string,
  customerId: string,
  {
    cursor,
    limit = 20,
    employeeId,
    active = false,
  }: { cursor?: string; limit?: number; employeeId?: string; active?: boolean } = {},
): Promise<Page<TaskSummary>> {
  const after: Cursor | undefined = decodeCursor(cursor);
  const rows = await data.asUser({ sub: userId }, async (tx) => {
    const params: unknown[] = [customerId, limit + 1];
    const where = ["t.customer_id = $1"];
    if (employeeId) where.push(`t.employee_id = $${params.push(employeeId)}`);
    if (active) where.push(`t.status in ${ACTIVE}`);
    if (after) {
      where.push(
        `(t.created_at, t.id) < ($${params.push(after.t)}::timestamptz, $${params.push(after.id)}::uuid)`,
      );
    }
    const { rows } = await tx.query<TaskSummary & { cursor_ts: string }>(
      `select ${TASK_COLUMNS} from public.tasks t
         left join public.employees e on e.id = t.employee_id
        where ${where.join(" and ")}
        order by t.created_at desc, t.id desc limit $2`,
      params,
    );
    return rows;
  });
  return toPage(rows, limit);
}

/** A task of the customer with every step, or a 404. */
export async function getTask(
  data: Data,
  userId: string,
  customerId: string,
  taskId: string,
): Promise<TaskDetail> {
  const task = await data.asUser({ sub: userId }, async (tx) => {
    const { rows } = await tx.query<TaskDetail & { cursor_ts: string }>(
      `select ${TASK_COLUMNS}, t.result, t.error, t.question, t.first_frame_id
         from public.tasks t left join public.employees e on e.id = t.employee_id
        where t.customer_id = $1 and t.id = $2`,
      [customerId, taskId],
    );
    const row = rows[0];
    if (!row) return undefined;
    const steps = await tx.query<StepRow>(
      `select id, seq, status, action, params, outcome, frame_id, model,
              cost_micros::float8 as cost_micros, started_at, finished_at
         from public.task_steps where task_id = $1 order by seq`,
      [taskId],
    );
    const { cursor_ts: _, ...rest } = row;
    return { ...rest, steps: steps.rows };
  });
  if (!task) throw notFound("No such task");
  return task;
}

export type FrameImage = { bytes: Buffer; contentType: string; sha256: string };

/** A stored screenshot of the customer's, or a 404 (frames kept only in Storage are not served here). */
export async function getFrame(
  data: Data,
  userId: string,
  customerId: string,
  frameId: string,
): Promise<FrameImage> {
  const row = await data.asUser({ sub: userId }, async (tx) => {
    const { rows } = await tx.query<{ bytes: Buffer | null; content_type: string; sha256: string }>(
      "select bytes, content_type, sha256 from public.frames where customer_id = $1 and id = $2",
      [customerId, frameId],
    );
    return rows[0];
  });
  if (!row?.bytes) throw notFound("No such screenshot");
  return { bytes: Buffer.from(row.bytes), contentType: row.content_type, sha256: row.sha256 };
}
