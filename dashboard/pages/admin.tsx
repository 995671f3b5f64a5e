import type { AdminCustomer, AdminReseller, SystemHealth } from "../../api/data/admin.ts";
import type { Page } from "../../api/data/pagination.ts";
import { Badge, Csrf, Layout, type PageCtx, When } from "./layout.tsx";

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

/** System health: queues, workers, VMs, error rates; links to the lists. */
export function AdminPage({
  ctx,
  health,
  extras,
}: {
  ctx: PageCtx;
  health: SystemHealth;
  extras: { path: string; label: string }[];
}) {
  return (
    <Layout title="Admin" ctx={ctx} here="/admin">
      <h1>System health</h1>
      <p>
        <a href="/admin/customers">Customers</a> · <a href="/admin/resellers">Resellers</a>
        {extras.map((e) => (
          <>
            {" · "}
            <a href={e.path}>{e.label}</a>
          </>
        ))}
      </p>
      <div class="cards">
        <div class="card">
          <div class="muted">VMs running</div>
          <div class="stat" data-vms-running>
            {health.vms.running ?? 0}
          </div>
          <div class="muted">
            {Object.entries(health.vms)
              .map(([k, v]) => `${k} ${v}`)
              .join(" · ") || "none"}
          </div>
        </div>
        <div class="card">
          <div class="muted">Task error rate (24 h)</div>
          <div class="stat">{pct(health.tasks24h.errorRate)}</div>
          <div class="muted">
            {health.tasks24h.failed} of {health.tasks24h.total} failed
          </div>
        </div>
        <div class="card">
          <div class="muted">Step error rate (24 h)</div>
          <div class="stat">{pct(health.steps24h.errorRate)}</div>
          <div class="muted">
            {health.steps24h.failed} of {health.steps24h.total} failed
          </div>
        </div>
        <div class="card">
          <div class="muted">Live viewers</div>
          <div class="stat">{health.liveViewers}</div>
        </div>
      </div>
      <h2>Queues</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Queue</th>
              <th>Waiting</th>
              <th>Active</th>
              <th>Delayed</th>
              <th>Failed</th>
              <th>Workers</th>
            </tr>
          </thead>
          <tbody>
            {health.queues.map((q) => (
              <tr data-queue={q.role}>
                <td>{q.name}</td>
                <td>{q.counts?.waiting ?? "?"}</td>
                <td>{q.counts?.active ?? "?"}</td>
                <td>{q.counts?.delayed ?? "?"}</td>
                <td>{q.counts?.failed ?? "?"}</td>
                <td>{q.workers ?? "?"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

/** Every customer with suspend/resume. */
export function AdminCustomersPage({ ctx, page }: { ctx: PageCtx; page: Page<AdminCustomer> }) {
  return (
    <Layout title="Customers" ctx={ctx} here="/admin">
      <h1>Customers</h1>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Customer</th>
              <th>Reseller</th>
              <th>Plan</th>
              <th>Status</th>
              <th>Created</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {page.data.map((c) => (
              <tr data-customer={c.id}>
                <td>
                  <a href={`/c/${c.id}`}>{c.name}</a>
                </td>
                <td>{c.reseller_name ?? "direct"}</td>
                <td>{c.plan}</td>
                <td>
                  <Badge value={c.status} />
                </td>
                <td>
                  <When at={c.created_at} />
                </td>
                <td>
                  <StatusForm kind="customers" target={c} csrf={ctx.csrf} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.nextCursor ? (
        <p>
          <a href={`/admin/customers?cursor=${encodeURIComponent(page.nextCursor)}`}>More →</a>
        </p>
      ) : null}
    </Layout>
  );
}

/** Every reseller. */
export function AdminResellersPage({
  ctx,
  resellers,
}: {
  ctx: PageCtx;
  resellers: AdminReseller[];
}) {
  return (
    <Layout title="Resellers" ctx={ctx} here="/admin">
      <h1>Resellers</h1>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Reseller</th>
              <th>Status</th>
              <th>Share</th>
              <th>Customers</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {resellers.map((r) => (
              <tr data-reseller={r.id}>
                <td>
                  <a href={`/r/${r.id}`}>{r.name}</a>
                </td>
                <td>
                  <Badge value={r.status} />
                </td>
                <td>{(r.revenue_share_bps / 100).toFixed(1)}%</td>
                <td>
                  <a href={`/admin/customers?reseller=${r.id}`}>{r.customers}</a>
                </td>
                <td>
                  <StatusForm kind="resellers" target={r} csrf={ctx.csrf} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

/** Suspend (with the reason the customer will read) or resume a customer or a reseller. */
function StatusForm({
  kind,
  target,
  csrf,
}: {
  kind: "customers" | "resellers";
  target: { id: string; name: string; status: string };
  csrf: string;
}) {
  const active = target.status === "active";
  return (
    <form
      method="post"
      action={`/admin/${kind}/${target.id}/status`}
      class="inline"
      data-confirm={active ? `Suspend ${target.name}?` : `Resume ${target.name}?`}
    >
      <Csrf value={csrf} />
      <input type="hidden" name="status" value={active ? "suspended" : "active"} />
      {active ? (
        <>
          <label for={`reason-${target.id}`} class="visually-hidden">
            Reason for suspending {target.name}
          </label>
          <input
            id={`reason-${target.id}`}
            name="reason"
            required
            maxlength={500}
            placeholder="Reason the customer will read"
          />{" "}
        </>
      ) : null}
      <button type="submit" class={active ? "danger" : ""}>
        {active ? "Suspend" : "Resume"}
      </button>
    </form>
  );
}
