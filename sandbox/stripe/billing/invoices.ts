import { type SandboxDeps, unixSeconds } from "../context.ts";
import type { EventRequest } from "../events.ts";
import type { Invoice, Subscription, SubscriptionItem } from "../types.ts";
import { aggregateUsage } from "./metering.ts";

export type InvoiceInput = {
  billingReason: "subscription_create" | "subscription_cycle" | "subscription_update";
  /** The period licensed items are billed for (in advance). */
  period: { start: number; end: number };
  /** The period whose metered usage is billed (in arrears); none on the first invoice. */
  usagePeriod?: { start: number; end: number };
};

/**
 * Builds a finalized invoice for a subscription: licensed items at unit
 * amount × quantity, metered items at unit amount × usage aggregated from
 * meter events over `usagePeriod`.
 */
export function createSubscriptionInvoice(
  deps: SandboxDeps,
  subscription: Subscription,
  input: InvoiceInput,
): Invoice {
  const { store } = deps;
  const id = deps.ids("in", 24);
  const lines = subscription.items.data.map((item) =>
    invoiceLine(deps, id, subscription, item, input),
  );
  const total = lines.reduce((sum, line) => sum + line.amount, 0);
  const customer = store.customers.get(subscription.customer);
  const now = unixSeconds(deps.clock);
  const sequence =
    store.invoices.all().filter((row) => row.customer === subscription.customer).length + 1;
  const feePercent = subscription.application_fee_percent;
  return store.invoices.put({
    id,
    object: "invoice",
    account_country: "US",
    account_name: "Sandbox",
    amount_due: total,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: total,
    amount_shipping: 0,
    application: null,
    application_fee_amount: feePercent === null ? null : Math.round((total * feePercent) / 100),
    attempt_count: 0,
    attempted: false,
    auto_advance: false,
    automatic_tax: { enabled: false, liability: null, status: null },
    billing_reason: input.billingReason,
    collection_method: "charge_automatically",
    created: now,
    currency: subscription.currency,
    customer: subscription.customer,
    customer_email: customer?.email ?? null,
    customer_name: customer?.name ?? null,
    description: null,
    discounts: [],
    due_date: null,
    effective_at: now,
    ending_balance: 0,
    hosted_invoice_url: `https://invoice.stripe.com/i/sandbox/${id}`,
    invoice_pdf: `https://pay.stripe.com/invoice/sandbox/${id}/pdf`,
    lines: { object: "list", data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: `${subscription.customer.slice(4, 12).toUpperCase()}-${String(sequence).padStart(4, "0")}`,
    on_behalf_of: null,
    parent: {
      type: "subscription_details",
      quote_details: null,
      subscription_details: { subscription: subscription.id, metadata: subscription.metadata },
    },
    period_end: input.usagePeriod?.end ?? input.period.start,
    period_start: input.usagePeriod?.start ?? input.period.start,
    starting_balance: 0,
    status: "draft",
    status_transitions: {
      finalized_at: null,
      marked_uncollectible_at: null,
      paid_at: null,
      voided_at: null,
    },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_taxes: [],
    transfer_data: subscription.transfer_data
      ? { amount: null, destination: subscription.transfer_data.destination }
      : null,
    webhooks_delivered_at: null,
  });
}

function invoiceLine(
  deps: SandboxDeps,
  invoice: string,
  subscription: Subscription,
  item: SubscriptionItem,
  input: InvoiceInput,
) {
  const { price } = item;
  const meter = price.recurring?.meter ? deps.store.meters.get(price.recurring.meter) : undefined;
  const metered = price.recurring?.usage_type === "metered";
  let quantity = item.quantity ?? 1;
  let period = input.period;
  if (metered) {
    period = input.usagePeriod ?? { start: input.period.start, end: input.period.start };
    quantity =
      meter && input.usagePeriod
        ? aggregateUsage(deps.store, meter, subscription.customer, period.start, period.end)
        : 0;
  }
  const amount = Math.round((price.unit_amount ?? 0) * quantity);
  const product = deps.store.products.get(price.product);
  return {
    id: deps.ids("il", 24),
    object: "line_item" as const,
    amount,
    currency: price.currency,
    description: `${quantity} × ${product?.name ?? price.product}`,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice,
    livemode: false,
    metadata: {},
    parent: {
      type: "subscription_item_details",
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: false,
        proration_details: { credited_items: null },
        subscription: subscription.id,
        subscription_item: item.id,
      },
    },
    period,
    pretax_credit_amounts: [],
    pricing: {
      type: "price_details",
      price_details: { price: price.id, product: price.product },
      unit_amount_decimal: price.unit_amount_decimal,
    },
    quantity,
    quantity_decimal: String(quantity),
    subscription: subscription.id,
    subtotal: amount,
    taxes: [],
  };
}

/**
 * Settles an invoice as Stripe would after charging the saved card, and emits
 * `invoice.created`, `invoice.finalized`, then `invoice.paid` +
 * `invoice.payment_succeeded` or `invoice.payment_failed`.
 */
export function settleInvoice(
  deps: SandboxDeps,
  invoice: Invoice,
  outcome: "paid" | "failed",
  request?: EventRequest,
): void {
  const now = unixSeconds(deps.clock);
  const emit = (type: string) => deps.events.emit(type, invoice, request ? { request } : {});
  const transitions = invoice.status_transitions as Record<string, number | null>;
  emit("invoice.created");
  invoice.status = "open";
  transitions.finalized_at = now;
  emit("invoice.finalized");
  invoice.attempted = true;
  invoice.attempt_count = 1;
  if (outcome === "paid") {
    invoice.status = "paid";
    invoice.amount_paid = invoice.amount_due;
    invoice.amount_remaining = 0;
    transitions.paid_at = now;
    emit("invoice.paid");
    emit("invoice.payment_succeeded");
  } else {
    invoice.next_payment_attempt = now + 3 * 86_400;
    emit("invoice.payment_failed");
  }
}
