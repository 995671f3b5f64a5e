import { narrateStep } from "../../agents/knights/narrate.ts";
import type { StepParams } from "../../agents/knights/steps.ts";
import type { CustomerAccess } from "../../api/data/access.ts";
import type { Overview } from "../../api/data/customer.ts";
import type { Page } from "../../api/data/pagination.ts";
import type { TaskRecord } from "../../api/data/task-record.ts";
import type { EmployeeSummary, TaskDetail, TaskSummary } from "../../api/data/work.ts";
import type { EmployeeNote } from "../../memory/index.ts";
import { Badge, Layout, Money, type PageCtx, When } from "./layout.tsx";
import { EmployeeNotes } from "./notes.tsx";

const base = (customer: CustomerAccess) => `/c/${customer.id}`;

/** Links between a customer's pages. */
export type CustomerSection =
  | "overview"
  | "tasks"
  | "approvals"
  | "schedules"
  | "billing"
  | "team"
  | "catalogue"
  | "logins";

/** The customer's sections, the one being shown marked for eyes and screen readers alike. */
export function CustomerTabs({
  customer,
  current,
}: {
  customer: CustomerAccess;
  current?: CustomerSection;
}) {
  const b = base(customer);
  const sections: [CustomerSection, string, string][] = [
    ["overview", b, "Overview"],
    ["tasks", `${b}/tasks`, "Tasks"],
    ["approvals", `${b}/approvals`, "Approvals"],
    ["schedules", `${b}/schedules`, "Schedules"],
    ["billing", `${b}/billing`, "Billing"],
    ["team", `${b}/team`, "Team"],
    ["catalogue", `${b}/catalogue`, "Hire"],
    ...(customer.canManage
      ? ([["logins", `${b}/logins`, "Logins"]] as [CustomerSection, string, string][])
      : []),
  ];
  return (
    <nav class="tabs no-print" aria-label={`${customer.name} sections`}>
      {sections.map(([key, href, label]) => (
        <a href={href} {...(key === current ? { "aria-current": "page" } : {})}>
          {label}
        </a>
      ))}
    </nav>
  );
}

function Suspended({ customer }: { customer: CustomerAccess }) {
  return customer.status === "suspended" ? (
    <p class="notice">This account is suspended: knights will not start new work.</p>
  ) : null;
}

/** Employees, running tasks and this month's spend. */
export function OverviewPage({
  ctx,
  customer,
  overview,
}: {
  ctx: PageCtx;
  customer: CustomerAccess;
  overview: Overview;
}) {
  const b = base(customer);
  return (
    <Layout title={customer.name} ctx={ctx} here={b}>
      <h1>{customer.name}</h1>
      <CustomerTabs customer={customer} current="overview" />
      <Suspended customer={customer} />
      <div class="cards">
        <div class="card">
          <div class="muted">Spend this month</div>
          <div class="stat" data-spend>
            <Money micros={overview.spendMicros} />
          </div>
        </div>
        <div class="card">
          <div class="muted">Running tasks</div>
          <div class="stat">{overview.runningTasks.length}</div>
        </div>
        <div class="card">
          <div class="muted">Approvals waiting</div>
          <div class="stat">
            <a href={`${b}/approvals`}>{overview.pendingApprovals}</a>
          </div>
        </div>
      </div>
      <h2>Employees</h2>
      {overview.employees.length === 0 ? (
        <p class="muted">No employees yet: ask King Mouse in Telegram to hire one.</p>
      ) : (
        <div class="cards">
          {overview.employees.map((e) => (
            <EmployeeCard customer={customer} employee={e} />
          ))}
        </div>
      )}
      <h2>Running tasks</h2>
      <TaskTable customer={customer} tasks={overview.runningTasks} empty="running" />
    </Layout>
  );
}

function EmployeeCard({
  customer,
  employee,
}: {
  customer: CustomerAccess;
  employee: EmployeeSummary;
}) {
  return (
    <div class="card">
      <a href={`${base(customer)}/employees/${employee.id}`}>
        <strong>{employee.name}</strong>
      </a>{" "}
      <Badge value={employee.status} />
      <div class="muted">{employee.role_template.replaceAll("_", " ")}</div>
      <div class="muted">
        {employee.current
          ? `${employee.current.request.slice(0, 80)} · step ${employee.current.seq ?? 0}`
          : "idle"}
      </div>
    </div>
  );
}

/** A table of tasks linking to their timelines. */
export function TaskTable({
  customer,
  tasks,
  empty = "first",
}: {
  customer: CustomerAccess;
  tasks: TaskSummary[];
  /** What an empty list means: no task ever (suggest one), or none running now. */
  empty?: "first" | "running";
}) {
  if (tasks.length === 0 && empty === "running") {
    return <p class="muted">Nothing is running right now.</p>;
  }
  if (tasks.length === 0) {
    return (
      <div class="empty" data-empty="tasks">
        <p>
          <strong>No tasks yet.</strong>
        </p>
        <p>
          Ask King Mouse in Telegram for your first one, in plain words — for example “Update the
          opening hours on our website to 9–5” or “Post today's special on Instagram every morning
          at 8”.
        </p>
      </div>
    );
  }
  return (
    <div class="table-wrap">
      {/* On a phone each task is a card: the title on its own line, then labelled figures. */}
      <table class="stack">
        <thead>
          <tr>
            <th scope="col">Task</th>
            <th scope="col">Employee</th>
            <th scope="col">Status</th>
            <th scope="col">Steps</th>
            <th scope="col">Cost</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((t) => (
            <tr data-task={t.id}>
              <td class="title">
                <a href={`${base(customer)}/tasks/${t.id}`}>{shorten(t.request, 90)}</a>
              </td>
              <td data-label="Employee">{t.employee_name ?? "—"}</td>
              <td data-label="Status">
                <Badge value={t.status} />
              </td>
              <td data-label="Steps">{t.step_count}</td>
              <td data-label="Cost">
                <Money micros={t.cost_micros} />
              </td>
              <td data-label="Created">
                <When at={t.created_at} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** `text` cut to at most `max` characters at a word boundary, with an ellipsis when cut. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()} …`;
}

/** One employee: the live screen of its VM beside its current step, and its recent tasks. */
export function EmployeePage({
  ctx,
  customer,
  employee,
  tasks,
  control = false,
  notes = [],
}: {
  ctx: PageCtx;
  customer: CustomerAccess;
  employee: EmployeeSummary;
  tasks: TaskSummary[];
  /** Whether take-over is available (the live view becomes interactive for the holder). */
  control?: boolean;
  /** What the employee's knight remembers between tasks. */
  notes?: EmployeeNote[];
}) {
  const path = `${base(customer)}/employees/${employee.id}`;
  return (
    <Layout
      title={employee.name}
      ctx={ctx}
      here={base(customer)}
      scripts={control ? ["/assets/live.js", "/assets/control.js"] : ["/assets/live.js"]}
    >
      <h1>
        {employee.name} <Badge value={employee.status} />
      </h1>
      <CustomerTabs customer={customer} />
      <div class="live">
        <div data-live={`${path}/live`}>
          <div class="screen">
            <img data-frame alt={`${employee.name}'s screen`} hidden />
            <span data-empty>{employee.vm ? "Connecting to the screen…" : "No desktop yet."}</span>
          </div>
          <p class="live-status muted" data-live-status>
            {employee.vm ? `Desktop ${employee.vm.status}` : "No desktop yet"}
          </p>
          {control ? <ControlPanel path={path} csrf={ctx.csrf} /> : null}
        </div>
        <aside class="card">
          <h2>Now</h2>
          <div data-step>
            {employee.current ? (
              <>
                <p>{employee.current.request}</p>
                <p class="muted">
                  Task {employee.current.status} · step {employee.current.seq ?? 0}
                  {employee.current.action ? `: ${employee.current.action}` : ""}
                </p>
              </>
            ) : (
              <p class="muted">Idle: no task running.</p>
            )}
          </div>
        </aside>
      </div>
      <EmployeeNotes ctx={ctx} customer={customer} employeeId={employee.id} notes={notes} />
      <h2>Recent tasks</h2>
      <TaskTable customer={customer} tasks={tasks} />
    </Layout>
  );
}

/**
 * Take control / hand back, and what a phone needs to act: a text field
 * (the on-screen keyboard only opens for one) and the special keys. The
 * script (`live-client.ts`) shows the parts that fit who holds the controls.
 */
function ControlPanel({ path, csrf }: { path: string; csrf: string }) {
  return (
    <div class="control card" data-control={`${path}/control`} data-csrf={csrf}>
      <p data-control-status class="muted">
        Checking who has the controls…
      </p>
      <button type="button" data-take hidden>
        Take control
      </button>
      <div data-holding hidden>
        <form data-type-form class="row">
          <input
            data-type-input
            type="text"
            autocomplete="off"
            autocapitalize="off"
            placeholder="Type on the desktop"
            aria-label="Text to type on the desktop"
          />
          <button type="submit">Type</button>
        </form>
        <p class="row keys">
          {["Return", "Tab", "BackSpace", "Escape", "Up", "Down", "Left", "Right"].map((key) => (
            <button type="button" data-key={key}>
              {KEY_LABELS[key] ?? key}
            </button>
          ))}
          <button type="button" data-scroll="up">
            Scroll ↑
          </button>
          <button type="button" data-scroll="down">
            Scroll ↓
          </button>
        </p>
        <form data-handback-form class="row">
          <input
            data-note
            type="text"
            maxlength={2000}
            placeholder="Note for the knight (optional): I logged in, carry on"
            aria-label="Note for the knight"
          />
          <button type="submit">Hand back</button>
        </form>
      </div>
    </div>
  );
}

const KEY_LABELS: Record<string, string> = {
  Return: "Enter ⏎",
  BackSpace: "⌫",
  Escape: "Esc",
  Up: "↑",
  Down: "↓",
  Left: "←",
  Right: "→",
};

/** Task history, a page at a time. */
export function TasksPage({
  ctx,
  customer,
  page,
}: {
  ctx: PageCtx;
  customer: CustomerAccess;
  page: Page<TaskSummary>;
}) {
  return (
    <Layout title="Tasks" ctx={ctx} here={base(customer)}>
      <h1>Tasks · {customer.name}</h1>
      <CustomerTabs customer={customer} current="tasks" />
      <TaskTable customer={customer} tasks={page.data} />
      {page.nextCursor ? (
        <p>
          <a href={`${base(customer)}/tasks?cursor=${encodeURIComponent(page.nextCursor)}`}>
            Older tasks →
          </a>
        </p>
      ) : null}
    </Layout>
  );
}

/** A step in plain words ("Typed “9–5”", "Pressed Enter", the knight's own sentence). */
function narrate(params: Record<string, unknown>): string {
  return narrateStep(params as unknown as StepParams, "en");
}

/** The raw action, for whoever wants to see exactly what was sent to the desktop. */
function describeStep(action: string, params: Record<string, unknown>): string {
  const bits = Object.entries(params)
    .filter(([, v]) => ["string", "number", "boolean"].includes(typeof v))
    .map(([k, v]) => `${k}=${String(v).slice(0, 60)}`);
  return bits.length ? `${action} (${bits.join(", ")})` : action;
}

/** A task's step-by-step replay: every action with the screenshot taken after it. */
export function TaskPage({
  ctx,
  customer,
  task,
  record,
}: {
  ctx: PageCtx;
  customer: CustomerAccess;
  task: TaskDetail;
  record?: TaskRecord;
}) {
  const frame = (id: string) => `${base(customer)}/frames/${id}`;
  const screens = [
    ...(task.first_frame_id
      ? [{ seq: 0, src: frame(task.first_frame_id), label: "Before the first step" }]
      : []),
    ...task.steps
      .filter((s) => s.frame_id)
      .map((s) => ({
        seq: s.seq,
        src: frame(s.frame_id!),
        label: `${s.seq}. ${narrate(s.params)}`,
      })),
  ];
  return (
    <Layout title="Task" ctx={ctx} here={base(customer)} scripts={["/assets/replay.js"]}>
      <h1>{task.request.slice(0, 120)}</h1>
      <CustomerTabs customer={customer} current="tasks" />
      <p>
        <Badge value={task.status} /> · {task.employee_name ?? "no employee"} · {task.step_count}{" "}
        steps · <Money micros={task.cost_micros} /> · started <When at={task.created_at} />
      </p>
      {task.question ? <p class="notice">Waiting for an answer: {task.question}</p> : null}
      {task.result ? <p class="card">Result: {task.result}</p> : null}
      {task.error ? <p class="notice">Error: {task.error}</p> : null}
      {record ? (
        <TaskRecordView customer={customer} task={task} record={record} screens={screens} />
      ) : null}
      <h2>Timeline</h2>
      <ol class="timeline">
        {task.first_frame_id ? (
          <li data-seq="0">
            <strong>Before the first step</strong>
            <img
              loading="lazy"
              src={frame(task.first_frame_id)}
              alt="Screen before the first step"
            />
          </li>
        ) : null}
        {task.steps.map((s) => (
          <li data-seq={s.seq}>
            <strong>
              {s.seq}. {narrate(s.params)}
            </strong>{" "}
            <Badge value={s.status} />{" "}
            <span class="muted">
              <When at={s.started_at} /> · <Money micros={s.cost_micros} />
            </span>
            <details class="raw-action">
              <summary>Raw action</summary>
              <code>{describeStep(s.action, s.params)}</code>
            </details>
            {s.frame_id ? (
              <img loading="lazy" src={frame(s.frame_id)} alt={`Screen after step ${s.seq}`} />
            ) : null}
          </li>
        ))}
      </ol>
      {task.steps.length === 0 ? <p class="muted">No steps yet.</p> : null}
    </Layout>
  );
}

/** Replay with a step scrubber, files delivered, the cost broken down, and the approvals. */
function TaskRecordView({
  customer,
  task,
  record,
  screens,
}: {
  customer: CustomerAccess;
  task: TaskDetail;
  record: TaskRecord;
  screens: { seq: number; src: string; label: string }[];
}) {
  const { cost } = record;
  return (
    <>
      <h2>Replay</h2>
      {record.replay ? (
        <figure class="card" data-replay>
          <img
            src={`${base(customer)}/tasks/${task.id}/replay.gif`}
            alt="Replay of the task"
            class="replay"
          />
          <figcaption class="muted">
            {record.replay.frameCount} frames · {(record.replay.durationMs / 1000).toFixed(1)} s ·{" "}
            {Math.ceil(record.replay.sizeBytes / 1024)} KB
          </figcaption>
        </figure>
      ) : (
        <p class="muted">The replay appears here once the task has ended.</p>
      )}
      {screens.length > 0 ? (
        <div class="card" data-scrubber data-frames={JSON.stringify(screens)}>
          <label>
            Step by step{" "}
            <input
              type="range"
              min="0"
              max={String(screens.length - 1)}
              value={String(screens.length - 1)}
            />
          </label>
          <p data-scrub-label class="muted"></p>
          <img data-scrub-frame alt="The screen at the chosen step" class="replay" />
        </div>
      ) : null}
      <h2>Files delivered</h2>
      {record.files.length > 0 ? (
        <table data-files>
          <thead>
            <tr>
              <th>File</th>
              <th>What it is</th>
              <th>Size</th>
              <th>Sent as</th>
            </tr>
          </thead>
          <tbody>
            {record.files.map((f) => (
              <tr>
                <td>
                  <a href={`${base(customer)}/files/${f.id}`} download={f.file_name}>
                    {f.file_name}
                  </a>
                </td>
                <td>
                  <strong>{f.title}</strong>
                  {f.description ? ` — ${f.description}` : ""}
                </td>
                <td>{formatBytes(f.size_bytes)}</td>
                <td>
                  {f.sent_as === "link"
                    ? "download link"
                    : f.sent_as === "document"
                      ? "Telegram document"
                      : "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">No files delivered.</p>
      )}
      <h2>Cost</h2>
      <table data-cost>
        <tbody>
          <tr>
            <th>Model</th>
            <td>
              {cost.inputTokens.toLocaleString("en-US")} input ·{" "}
              {cost.outputTokens.toLocaleString("en-US")} output ·{" "}
              {cost.cacheReadTokens.toLocaleString("en-US")} cached tokens
            </td>
            <td>
              <Money micros={cost.modelMicros} />
            </td>
          </tr>
          <tr>
            <th>Computer time</th>
            <td>about {cost.vmMinutes} min (billed with your plan's computer time)</td>
            <td></td>
          </tr>
          <tr>
            <th>Budget approved</th>
            <td>{cost.budgetMicros === null ? "your monthly budget" : "for this task"}</td>
            <td>{cost.budgetMicros === null ? "—" : <Money micros={cost.budgetMicros} />}</td>
          </tr>
        </tbody>
      </table>
      <h2>Approvals</h2>
      {record.approvals.length > 0 ? (
        <ul data-approvals>
          {record.approvals.map((a) => (
            <li>
              {a.summary} — <Badge value={a.status} />
              {a.decider ? ` by ${a.decider}` : ""}
              {a.decided_at ? (
                <>
                  {" "}
                  <When at={a.decided_at} />
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">No approvals recorded for this task.</p>
      )}
    </>
  );
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
