import type { SandboxDeps } from "../context.ts";
import type { Metadata } from "../params.ts";
import type { Price, Subscription, SubscriptionItem } from "../types.ts";
import { periodEnd } from "./periods.ts";

export type NewSubscription = {
  customer: string;
  items: { price: Price; quantity: number | null }[];
  metadata: Metadata;
  applicationFeePercent: number | null;
  destination: string | null;
  description: string | null;
  start: number;
};

/** The legacy `plan` view of a recurring price that subscription items still carry. */
export function planOf(price: Price): Record<string, unknown> {
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: "per_unit",
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval,
    interval_count: price.recurring?.interval_count,
    livemode: false,
    metadata: price.metadata,
    meter: price.recurring?.meter ?? null,
    nickname: price.nickname ?? null,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: price.recurring?.usage_type,
  };
}

/** Builds a subscription item; metered items carry no quantity, as on Stripe. */
export function subscriptionItem(
  deps: SandboxDeps,
  subscription: string,
  price: Price,
  quantity: number | null,
  period: { start: number; end: number },
): SubscriptionItem {
  const metered = price.recurring?.usage_type === "metered";
  return {
    id: deps.ids("si"),
    object: "subscription_item",
    billing_thresholds: null,
    created: period.start,
    current_period_end: period.end,
    current_period_start: period.start,
    discounts: [],
    metadata: {},
    plan: planOf(price),
    price: structuredClone(price),
    ...(metered ? {} : { quantity: quantity ?? 1 }),
    subscription,
    tax_rates: [],
  };
}

/** Creates and stores an active subscription whose first period starts at `start`. */
export function createSubscription(deps: SandboxDeps, input: NewSubscription): Subscription {
  const id = deps.ids("sub", 24);
  const first = input.items[0]!.price;
  const period = { start: input.start, end: periodEnd(input.start, first.recurring!) };
  return deps.store.subscriptions.put({
    id,
    object: "subscription",
    application: null,
    application_fee_percent: input.applicationFeePercent,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: input.start,
    billing_cycle_anchor_config: null,
    billing_mode: { type: "flexible" },
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, reason: null },
    collection_method: "charge_automatically",
    created: input.start,
    currency: first.currency,
    customer: input.customer,
    days_until_due: null,
    default_payment_method: null,
    description: input.description,
    discounts: [],
    ended_at: null,
    items: {
      object: "list",
      data: input.items.map(({ price, quantity }) =>
        subscriptionItem(deps, id, price, quantity, period),
      ),
      has_more: false,
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: null,
    livemode: false,
    metadata: input.metadata,
    on_behalf_of: null,
    pause_collection: null,
    pending_update: null,
    schedule: null,
    start_date: input.start,
    status: "active",
    test_clock: null,
    transfer_data: input.destination
      ? { amount_percent: null, destination: input.destination }
      : null,
    trial_end: null,
    trial_start: null,
  });
}

/** The period the subscription is in now (all items share it). */
export function currentPeriod(subscription: Subscription): { start: number; end: number } {
  const item = subscription.items.data[0];
  return { start: item?.current_period_start ?? 0, end: item?.current_period_end ?? 0 };
}
