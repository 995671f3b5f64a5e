import { type SandboxDeps, unixSeconds } from "../context.ts";
import { invalidRequest } from "../errors.ts";
import { changedFields, type EventRequest } from "../events.ts";
import type { Subscription } from "../types.ts";
import { createSubscriptionInvoice, settleInvoice } from "./invoices.ts";
import { periodEnd } from "./periods.ts";
import { currentPeriod } from "./subscriptions.ts";

/**
 * Applies a change to a subscription and emits `customer.subscription.updated`
 * with `previous_attributes` when anything visible changed.
 */
export function updateSubscription(
  deps: SandboxDeps,
  subscription: Subscription,
  change: (subscription: Subscription) => void,
  request?: EventRequest,
): Subscription {
  const before = structuredClone(subscription);
  change(subscription);
  const previous = changedFields(before, subscription);
  if (previous) {
    deps.events.emit("customer.subscription.updated", subscription, {
      previousAttributes: previous,
      ...(request ? { request } : {}),
    });
  }
  return subscription;
}

/** Ends a subscription now and emits `customer.subscription.deleted`. */
export function cancelSubscription(
  deps: SandboxDeps,
  subscription: Subscription,
  request?: EventRequest,
  reason = "cancellation_requested",
): Subscription {
  if (subscription.status === "canceled") {
    throw invalidRequest(
      `A canceled subscription can only update its cancellation_details and metadata. (${subscription.id})`,
    );
  }
  const now = unixSeconds(deps.clock);
  subscription.status = "canceled";
  subscription.canceled_at = now;
  subscription.ended_at = now;
  subscription.cancellation_details = { comment: null, feedback: null, reason };
  deps.events.emit("customer.subscription.deleted", subscription, request ? { request } : {});
  return subscription;
}

/**
 * Sandbox stand-in for the end of a billing period (what a test clock would
 * do): a subscription set to cancel at period end is deleted; otherwise the
 * period advances and an invoice charges licensed items for the new period
 * plus metered usage of the one that ended. `paymentFails` makes the charge
 * fail and the subscription `past_due`.
 */
export function renewSubscription(
  deps: SandboxDeps,
  subscription: Subscription,
  options: { paymentFails?: boolean } = {},
): Subscription {
  if (subscription.status === "canceled") {
    throw invalidRequest(`Subscription ${subscription.id} is canceled and cannot renew.`);
  }
  const ended = currentPeriod(subscription);
  if (subscription.cancel_at_period_end) {
    return cancelSubscription(deps, subscription, undefined, "cancellation_requested");
  }
  const recurring = subscription.items.data[0]!.price.recurring!;
  const next = { start: ended.end, end: periodEnd(ended.end, recurring) };
  const invoice = createSubscriptionInvoice(deps, subscription, {
    billingReason: "subscription_cycle",
    period: next,
    usagePeriod: ended,
  });
  settleInvoice(deps, invoice, options.paymentFails ? "failed" : "paid");
  return updateSubscription(deps, subscription, (sub) => {
    for (const item of sub.items.data) {
      item.current_period_start = next.start;
      item.current_period_end = next.end;
    }
    sub.latest_invoice = invoice.id;
    sub.status = options.paymentFails ? "past_due" : "active";
  });
}
