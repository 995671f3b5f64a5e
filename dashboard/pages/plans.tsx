/**
 * The billing page's plan block: the plan the customer has, and the plans it
 * may move to — Checkout while nothing is paid for, a change of the same
 * subscription once something is (never a second subscription, never
 * "Subscribe to Pro" to someone who already pays for it).
 */
import type { CustomerAccess } from "../../api/data/access.ts";
import { type BillingSummary, PLANS, type PlanId } from "../../billing/index.ts";
import { Csrf, Money, type PageCtx, When } from "./layout.tsx";

/** Subscription states in which the customer is paying for a plan. */
const PAYING = ["active", "trialing", "past_due"];

/** The checkout outcome or plan change the page was reached with, in words. */
export function billingFlash(query: { checkout?: string; plan?: string }, summary: BillingSummary) {
  if (query.checkout === "done") {
    return summary.plan.id === "free"
      ? "Payment received. Your new plan appears here as soon as Stripe confirms it, usually within seconds."
      : `Payment received: you are on the ${summary.plan.name} plan.`;
  }
  if (query.checkout === "cancelled") return "Checkout cancelled: nothing was charged.";
  if (query.plan === "changed")
    return "Plan change requested: it shows here once Stripe confirms it.";
  if (query.plan === "ending") return "Your paid plan ends at the end of this billing period.";
  return undefined;
}

/** The current plan and the ways to change it (owners and admins only). */
export function PlanChoices({
  ctx,
  customer,
  summary,
}: {
  ctx: PageCtx;
  customer: CustomerAccess;
  summary: BillingSummary;
}) {
  const paying = summary.subscription !== null && PAYING.includes(summary.subscription.status);
  const ending = paying && summary.subscription?.cancelAtPeriodEnd;
  const current = summary.plan.id as PlanId;
  const action = (path: string) => `/c/${customer.id}/billing/${path}`;
  const choice = (plan: PlanId) => {
    const target = PLANS[plan];
    if (plan === current && !ending) {
      return <span class="badge active">Your plan</span>;
    }
    if (!paying) {
      if (plan === "free") return <span class="muted">No charge</span>;
      return (
        <form method="post" action={action("checkout")} class="inline">
          <Csrf value={ctx.csrf} />
          <input type="hidden" name="plan" value={plan} />
          <button type="submit">Subscribe to {target.name}</button>
        </form>
      );
    }
    const label =
      plan === current
        ? `Keep ${target.name}`
        : plan === "free"
          ? "Move to Free at the end of the period"
          : `Switch to ${target.name}`;
    if (plan === "free" && ending) return <span class="muted">From the end of the period</span>;
    return (
      <form method="post" action={action("plan")} class="inline">
        <Csrf value={ctx.csrf} />
        <input type="hidden" name="plan" value={plan} />
        <button type="submit" class={plan === "free" ? "secondary" : ""}>
          {label}
        </button>
      </form>
    );
  };
  return (
    <section aria-labelledby="plans-heading">
      <h2 id="plans-heading">Plans</h2>
      {ending && summary.subscription?.currentPeriodEnd ? (
        <p class="notice">
          Your {summary.plan.name} plan ends on <When at={summary.subscription.currentPeriodEnd} />{" "}
          and you move to Free.
        </p>
      ) : null}
      <div class="table-wrap">
        <table class="stack" data-plans>
          <thead>
            <tr>
              <th scope="col">Plan</th>
              <th scope="col">Price a month</th>
              <th scope="col">Computer time included</th>
              <th scope="col">
                <span class="visually-hidden">Choose</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(Object.keys(PLANS) as PlanId[]).map((plan) => (
              <tr data-plan-row={plan} {...(plan === current ? { "aria-current": "true" } : {})}>
                <td data-label="Plan">
                  <strong>{PLANS[plan].name}</strong>
                </td>
                <td data-label="Price a month">
                  <Money micros={PLANS[plan].priceMicros} />
                </td>
                <td data-label="Computer time">
                  {PLANS[plan].includedVmMinutes.toLocaleString("en")} minutes
                </td>
                <td>{customer.canManage ? choice(plan) : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {customer.canManage ? null : (
        <p class="muted">Owners and admins of {customer.name} can change the plan.</p>
      )}
    </section>
  );
}
