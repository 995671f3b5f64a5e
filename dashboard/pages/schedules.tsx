/**
 * A customer's recurring work: every schedule with its cadence, next run in
 * the customer's own time zone and last outcome, with Pause / Resume and Run
 * now for those who may; one schedule's run history (late or not, result,
 * cost); and the form that sets the time zone.
 */
import type { CustomerAccess } from "../../api/data/access.ts";
import {
  cadenceOf,
  describeCadence,
  formatInZone,
  type RunView,
  type ScheduleView,
} from "../../schedules/index.ts";
import { Badge, Csrf, Layout, Money, type PageCtx } from "./layout.tsx";
import { CustomerTabs } from "./work.tsx";

const base = (customer: CustomerAccess) => `/c/${customer.id}/schedules`;

const Local = ({ at, zone }: { at: Date | null; zone: string }) =>
  at ? (
    <time datetime={new Date(at).toISOString()}>{formatInZone(new Date(at), zone)}</time>
  ) : (
    <span class="muted">—</span>
  );

function Action({
  ctx,
  customer,
  schedule,
  action,
  label,
}: {
  ctx: PageCtx;
  customer: CustomerAccess;
  schedule: ScheduleView;
  action: string;
  label: string;
}) {
  return (
    <form method="post" action={`${base(customer)}/${schedule.id}/${action}`} class="inline">
      <Csrf value={ctx.csrf} />
      <button type="submit" data-action={action}>
        {label}
      </button>
    </form>
  );
}

/** The schedule list with its controls and the time-zone form. */
export function SchedulesPage({
  ctx,
  customer,
  schedules,
  timeZone,
  flash,
}: {
  ctx: PageCtx;
  customer: CustomerAccess;
  schedules: ScheduleView[];
  timeZone: string;
  flash?: string;
}) {
  return (
    <Layout title="Schedules" ctx={ctx} here={`/c/${customer.id}`}>
      <h1>Recurring work · {customer.name}</h1>
      <CustomerTabs customer={customer} current="schedules" />
      {flash ? <p class="notice">{flash}</p> : null}
      <p>
        Times are in <strong data-time-zone>{timeZone}</strong>.
      </p>
      {schedules.length === 0 ? (
        <p class="muted">
          No recurring tasks yet. Ask King Mouse in Telegram, e.g. "every morning at 8, post today's
          special on Instagram".
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Task</th>
              <th>When</th>
              <th>Next run</th>
              <th>Status</th>
              <th>Last run</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {schedules.map((s) => (
              <tr data-schedule={s.id}>
                <td>
                  <a href={`${base(customer)}/${s.id}`}>{s.request.slice(0, 120)}</a>
                </td>
                <td>{describeCadence(cadenceOf(s))}</td>
                <td data-next-run>
                  {s.status === "active" ? <Local at={s.next_run_at} zone={s.time_zone} /> : "—"}
                </td>
                <td>
                  <Badge value={s.status} />
                  {s.paused_reason === "failures" ? (
                    <span class="muted"> after 3 failed runs</span>
                  ) : null}
                </td>
                <td>{s.last_outcome ?? "—"}</td>
                <td>
                  {customer.canWrite ? (
                    <>
                      {s.status === "active" ? (
                        <Action
                          ctx={ctx}
                          customer={customer}
                          schedule={s}
                          action="pause"
                          label="Pause"
                        />
                      ) : s.status === "paused" ? (
                        <Action
                          ctx={ctx}
                          customer={customer}
                          schedule={s}
                          action="resume"
                          label="Resume"
                        />
                      ) : null}{" "}
                      {s.status !== "pending_approval" ? (
                        <Action
                          ctx={ctx}
                          customer={customer}
                          schedule={s}
                          action="run"
                          label="Run now"
                        />
                      ) : null}
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {customer.canManage ? (
        <form method="post" action={`${base(customer)}/time-zone`}>
          <Csrf value={ctx.csrf} />
          <label>
            Time zone{" "}
            <input name="timeZone" value={timeZone} placeholder="Europe/Berlin" maxlength={64} />
          </label>{" "}
          <button type="submit">Save time zone</button>
        </form>
      ) : null}
    </Layout>
  );
}

/** One schedule's runs: when each was due and started, late or not, its result and cost. */
export function ScheduleRunsPage({
  ctx,
  customer,
  schedule,
  runs,
}: {
  ctx: PageCtx;
  customer: CustomerAccess;
  schedule: ScheduleView;
  runs: RunView[];
}) {
  return (
    <Layout title="Schedule" ctx={ctx} here={`/c/${customer.id}`}>
      <h1>{schedule.request.slice(0, 120)}</h1>
      <CustomerTabs customer={customer} current="schedules" />
      <p>
        {describeCadence(cadenceOf(schedule))} ({schedule.time_zone}) ·{" "}
        <Badge value={schedule.status} />
        {schedule.status === "active" ? (
          <>
            {" "}
            · next run <Local at={schedule.next_run_at} zone={schedule.time_zone} />
          </>
        ) : null}
      </p>
      <p>
        <a href={base(customer)}>All schedules</a>
      </p>
      {runs.length === 0 ? <p class="muted">No runs yet.</p> : null}
      <table>
        <thead>
          <tr>
            <th>Due</th>
            <th>Started</th>
            <th>Outcome</th>
            <th>Result</th>
            <th>Cost</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr data-run={r.id}>
              <td>
                <Local at={r.due_at} zone={schedule.time_zone} />
              </td>
              <td>
                <Local at={r.started_at} zone={schedule.time_zone} />
                {r.late ? <span class="badge late"> late</span> : null}
                {r.manual ? <span class="muted"> (run now)</span> : null}
              </td>
              <td>
                {r.outcome === "started" ? (
                  r.task_id ? (
                    <a href={`/c/${customer.id}/tasks/${r.task_id}`}>
                      <Badge value={r.task_status ?? "started"} />
                    </a>
                  ) : (
                    <Badge value="started" />
                  )
                ) : (
                  <Badge value={r.outcome === "over_budget" ? "over cap" : "suspended"} />
                )}
              </td>
              <td>{(r.result ?? r.error ?? "").slice(0, 200)}</td>
              <td>{r.cost_micros === null ? "—" : <Money micros={Number(r.cost_micros)} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
