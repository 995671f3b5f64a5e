import type { CustomerAccess } from "../../api/data/access.ts";
import type { ApprovalView, BillingExtras, UsageDay } from "../../api/data/customer.ts";
import type { BillingSummary } from "../../billing/index.ts";
import { UsageChart } from "./chart.tsx";
import { Csrf, Layout, Money, type PageCtx, When } from "./layout.tsx";
import { PlanChoices } from "./plans.tsx";
import { CustomerTabs } from "./work.tsx";

const base = (customer: CustomerAccess) => `/c/${customer.id}`;

/** Approvals waiting for a decision, with approve/deny forms for those who may decide. */
export function ApprovalsPage({
  ctx,
  customer,
  approvals,
  flash,
}: {
  ctx: PageCtx;
  customer: CustomerAccess;
  approvals: ApprovalView[];
  flash?: string;
}) {
  const waiting = approvals.filter((a) => a.status === "pending" && a.expires_at > new Date());
  const decided = approvals.filter((a) => !waiting.includes(a)).slice(0, 20);
  return (
    <Layout title="Approvals" ctx={ctx} here={base(customer)}>
      <h1>Approvals waiting · {customer.name}</h1>
      <CustomerTabs customer={customer} current="approvals" />
      {flash ? <p class="notice">{flash}</p> : null}
      {waiting.length === 0 ? <p class="muted">Nothing is waiting for you.</p> : null}
      <ul class="timeline">
        {waiting.map((a) => (
          <li data-approval={a.id}>
            <strong>{a.summary}</strong> <span class="muted">({a.kind})</span>
            <div class="muted">
              expires <When at={a.expires_at} />
            </div>
            {customer.canWrite ? (
              <div>
                <form method="post" action={`${base(customer)}/approvals/${a.id}`} class="inline">
                  <Csrf value={ctx.csrf} />
                  <input type="hidden" name="decision" value="approve" />
                  <button type="submit">Approve</button>
                </form>{" "}
                <form method="post" action={`${base(customer)}/approvals/${a.id}`} class="inline">
                  <Csrf value={ctx.csrf} />
                  <input type="hidden" name="decision" value="deny" />
                  <button type="submit" class="danger">
                    Deny
                  </button>
                </form>
              </div>
            ) : (
              <p class="muted">Viewers can see approvals but not decide them.</p>
            )}
          </li>
        ))}
      </ul>
      {decided.length > 0 ? (
        <>
          <h2>Decided recently</h2>
          <ul class="timeline">
            {decided.map((a) => (
              <li data-approval={a.id} data-outcome={outcomeOf(a).key}>
                <strong>{a.summary}</strong>
                <div class="muted">{outcomeOf(a).text}</div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Layout>
  );
}

/** What came of a decided approval, in the customer's words. */
function outcomeOf(a: ApprovalView): { key: string; text: string } {
  if (a.status === "denied") return { key: "denied", text: "Denied: nothing was done." };
  if (a.status !== "approved") return { key: "expired", text: "Expired before anyone decided." };
  switch (a.effect_status) {
    case "done":
      return { key: "done", text: `Approved: ${a.effect_result ?? "done"}` };
    case "failed":
      return { key: "failed", text: `Approved, but it could not start: ${a.effect_result ?? ""}` };
    default:
      return { key: "starting", text: "Approved: starting now…" };
  }
}

const Line = ({
  label,
  used,
  included,
  money,
}: {
  label: string;
  used: number;
  included: number;
  money?: boolean;
}) => (
  <tr>
    <td>{label}</td>
    <td>{money ? <Money micros={used} /> : used.toLocaleString("en")}</td>
    <td>{money ? <Money micros={included} /> : included.toLocaleString("en")}</td>
  </tr>
);

/** Plan, usage by day, balance, budget, alerts, invoices and the Stripe portal. */
export function BillingPage({
  ctx,
  customer,
  summary,
  days,
  extras,
  portal,
  flash,
}: {
  ctx: PageCtx;
  customer: CustomerAccess;
  summary: BillingSummary;
  days: UsageDay[];
  extras: BillingExtras;
  portal: boolean;
  flash?: string | undefined;
}) {
  return (
    <Layout title="Billing" ctx={ctx} here={base(customer)}>
      <h1>Billing · {customer.name}</h1>
      <CustomerTabs customer={customer} current="billing" />
      {flash ? (
        <p class="notice" role="status">
          {flash}
        </p>
      ) : null}
      {customer.status === "suspended" ? (
        <p class="notice" data-suspended>
          This account is suspended{customer.statusReason ? `: ${customer.statusReason}` : ""}. Your
          employees are paused; billing stays open so you can put things right, or contact your
          Mouse partner or support.
        </p>
      ) : null}
      {summary.budget.reached ? (
        <p class="notice">
          The monthly budget is used up: knights pause until it is raised or the month ends.
        </p>
      ) : summary.budget.percentUsed >= 80 ? (
        <p class="notice">{summary.budget.percentUsed}% of the monthly budget is used.</p>
      ) : null}
      <div class="cards">
        <div class="card">
          <div class="muted">Plan</div>
          <div class="stat" data-plan>
            {summary.plan.name}
          </div>
          <div class="muted">
            <Money micros={summary.plan.priceMicros} /> a month
            {summary.subscription ? ` · ${summary.subscription.status}` : ""}
          </div>
        </div>
        <div class="card">
          <div class="muted">Spent this month</div>
          <div class="stat">
            <Money micros={summary.budget.spentMicros} />
          </div>
          <div class="muted">
            of <Money micros={summary.budget.budgetMicros} /> budget ({summary.budget.percentUsed}%)
          </div>
        </div>
        <div class="card">
          <div class="muted">Balance</div>
          <div class="stat" data-balance>
            <Money micros={summary.balance.balanceMicros} />
          </div>
          <div class="muted">
            credit <Money micros={summary.balance.creditMicros} />, overage{" "}
            <Money micros={summary.overageMicros} />
          </div>
        </div>
      </div>
      {portal ? <PlanChoices ctx={ctx} customer={customer} summary={summary} /> : null}
      <h2>Usage by day</h2>
      <UsageChart days={days} budgetMicros={summary.budget.budgetMicros} />
      <h2>Included in the plan</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>What</th>
              <th>Used</th>
              <th>Included</th>
            </tr>
          </thead>
          <tbody>
            <Line label="Messages" {...summary.usage.messages} />
            <Line label="AI" {...summary.usage.aiMicros} money />
            <Line label="Desktop minutes" {...summary.usage.vmMinutes} />
          </tbody>
        </table>
      </div>
      {portal && customer.canManage ? (
        <form method="post" action={`${base(customer)}/billing/portal`}>
          <Csrf value={ctx.csrf} />
          <p>
            <button type="submit">Manage card and invoices (Stripe)</button>
          </p>
        </form>
      ) : null}
      <h2>Invoices</h2>
      {extras.invoices.length === 0 ? (
        <p class="muted">No invoices yet.</p>
      ) : (
        <ul>
          {extras.invoices.map((i) => (
            <li>
              <When at={i.paid_at} /> · <Money micros={i.amount_paid_micros} />{" "}
              {i.currency.toUpperCase()}
            </li>
          ))}
        </ul>
      )}
      <h2>Alerts</h2>
      {extras.alerts.length === 0 ? (
        <p class="muted">No budget alerts this year.</p>
      ) : (
        <ul>
          {extras.alerts.map((a) => (
            <li>
              {a.period}: {a.threshold_pct}% of the budget reached (<When at={a.sent_at} />)
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
