import type { Metadata } from "./params.ts";

/** Fields every stored Stripe object has; the rest is resource-specific JSON. */
export interface StripeObject {
  id: string;
  object: string;
  created: number;
  livemode: boolean;
  [field: string]: unknown;
}

export interface Customer extends StripeObject {
  object: "customer";
  email: string | null;
  name: string | null;
  metadata: Metadata;
  deleted?: true;
}

export interface Product extends StripeObject {
  object: "product";
  name: string;
  active: boolean;
  metadata: Metadata;
}

export interface Recurring {
  interval: "day" | "week" | "month" | "year";
  interval_count: number;
  usage_type: "licensed" | "metered";
  meter: string | null;
  trial_period_days: null;
}

export interface Price extends StripeObject {
  object: "price";
  active: boolean;
  currency: string;
  product: string;
  unit_amount: number | null;
  unit_amount_decimal: string | null;
  lookup_key: string | null;
  recurring: Recurring | null;
  type: "one_time" | "recurring";
  metadata: Metadata;
}

export interface LineItem {
  id: string;
  object: "item";
  amount_subtotal: number;
  amount_total: number;
  currency: string;
  description: string;
  price: Price;
  quantity: number | null;
}

export interface CheckoutSession extends StripeObject {
  object: "checkout.session";
  mode: "payment" | "setup" | "subscription";
  status: "open" | "complete" | "expired";
  payment_status: "paid" | "unpaid" | "no_payment_required";
  customer: string | null;
  customer_email: string | null;
  client_reference_id: string | null;
  success_url: string | null;
  cancel_url: string | null;
  currency: string | null;
  amount_subtotal: number;
  amount_total: number;
  metadata: Metadata;
  subscription: string | null;
  invoice: string | null;
  payment_intent: string | null;
  url: string | null;
}

export interface PortalSession extends StripeObject {
  object: "billing_portal.session";
  customer: string;
  return_url: string | null;
  url: string;
}

export interface SubscriptionItem {
  id: string;
  object: "subscription_item";
  created: number;
  current_period_start: number;
  current_period_end: number;
  metadata: Metadata;
  price: Price;
  plan: Record<string, unknown>;
  quantity?: number;
  subscription: string;
  [field: string]: unknown;
}

export interface Subscription extends StripeObject {
  object: "subscription";
  status: "active" | "past_due" | "canceled" | "incomplete" | "trialing" | "unpaid";
  customer: string;
  currency: string;
  cancel_at_period_end: boolean;
  cancel_at: number | null;
  canceled_at: number | null;
  ended_at: number | null;
  application_fee_percent: number | null;
  transfer_data: { destination: string; amount_percent: number | null } | null;
  items: { object: "list"; data: SubscriptionItem[]; has_more: false; url: string };
  latest_invoice: string | null;
  metadata: Metadata;
}

export interface Invoice extends StripeObject {
  object: "invoice";
  customer: string;
  status: "draft" | "open" | "paid" | "void" | "uncollectible";
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  currency: string;
  period_start: number;
  period_end: number;
  total: number;
  parent: {
    type: "subscription_details";
    quote_details: null;
    subscription_details: { subscription: string; metadata: Metadata };
  } | null;
}

export interface Meter extends StripeObject {
  object: "billing.meter";
  event_name: string;
  status: "active" | "inactive";
  customer_mapping: { event_payload_key: string; type: "by_id" };
  value_settings: { event_payload_key: string };
  default_aggregation: { formula: "count" | "last" | "sum" };
}

/** Billing meter events have no id on the wire; `identifier` is their key. */
export interface MeterEvent {
  object: "billing.meter_event";
  created: number;
  event_name: string;
  identifier: string;
  livemode: boolean;
  payload: Record<string, string>;
  timestamp: number;
}

export interface StripeEvent extends StripeObject {
  object: "event";
  type: string;
  api_version: string;
  data: { object: StripeObject; previous_attributes?: Record<string, unknown> };
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
}

export interface WebhookEndpoint extends StripeObject {
  object: "webhook_endpoint";
  url: string;
  enabled_events: string[];
  status: "enabled" | "disabled";
  secret?: string;
}

/** What a checkout session keeps for its completion but does not show on the wire. */
export interface CheckoutDetails {
  lineItems: LineItem[];
  customerCreation: "always" | "if_required";
  subscription: {
    metadata: Metadata;
    applicationFeePercent: number | null;
    destination: string | null;
    description: string | null;
  };
  payment: {
    metadata: Metadata;
    applicationFeeAmount: number | null;
    destination: string | null;
  };
}
