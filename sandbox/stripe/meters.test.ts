import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningStripeSandbox, startStripeSandbox } from "./start.ts";

// 2026-11-20T10:00:00Z, on an hour boundary; tests move it forward by hand.
const START = Date.UTC(2026, 10, 20, 10, 0, 0);
let now = START;
const seconds = () => Math.floor(now / 1000);

let running: RunningStripeSandbox;
let stripe: Stripe;
let meter: Stripe.Billing.Meter;
let meteredPrice: Stripe.Price;

beforeAll(async () => {
  running = await startStripeSandbox({ clock: () => now });
  stripe = new Stripe("sk_test_meters", { ...running.clientConfig, maxNetworkRetries: 0 });
  meter = await stripe.billing.meters.create({
    display_name: "Model tokens",
    event_name: "model_tokens",
    default_aggregation: { formula: "sum" },
  });
  const product = await stripe.products.create({ name: "Token overage" });
  meteredPrice = await stripe.prices.create({
    product: product.id,
    currency: "usd",
    unit_amount: 3,
    recurring: { interval: "month", usage_type: "metered", meter: meter.id },
  });
});

afterAll(() => running.close());

const usage = (customer: string, value: number, identifier?: string, timestamp?: number) =>
  stripe.billing.meterEvents.create({
    event_name: "model_tokens",
    payload: { stripe_customer_id: customer, value: String(value) },
    ...(identifier ? { identifier } : {}),
    ...(timestamp ? { timestamp } : {}),
  });

describe("billing meters", () => {
  it("creates and lists meters; metered prices must name one", async () => {
    expect(meter).toMatchObject({
      object: "billing.meter",
      status: "active",
      event_name: "model_tokens",
    });
    expect(meter.customer_mapping.event_payload_key).toBe("stripe_customer_id");
    const listed = await stripe.billing.meters.list();
    expect(listed.data.map((row) => row.id)).toContain(meter.id);
    await expect(
      stripe.prices.create({
        product: meteredPrice.product as string,
        currency: "usd",
        unit_amount: 1,
        recurring: { interval: "month", usage_type: "metered" },
      }),
    ).rejects.toMatchObject({ param: "recurring[meter]" });
  });

  it("rejects a duplicate identifier with 400 and sums the rest per customer", async () => {
    const customer = await stripe.customers.create({ email: "usage@x.test" });
    const other = await stripe.customers.create({ email: "other@x.test" });
    const recorded = await usage(customer.id, 5, "run-1:step-1");
    expect(recorded).toMatchObject({
      object: "billing.meter_event",
      identifier: "run-1:step-1",
      payload: { value: "5" },
    });
    await usage(customer.id, 7, "run-1:step-2");
    await usage(other.id, 1000, "run-9:step-1");

    const duplicate = usage(customer.id, 5, "run-1:step-1");
    await expect(duplicate).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    await expect(duplicate).rejects.toMatchObject({
      statusCode: 400,
      message: "An event already exists with identifier run-1:step-1.",
      headers: expect.objectContaining({ "stripe-should-retry": "false" }),
    });

    const summaries = await stripe.billing.meters.listEventSummaries(meter.id, {
      customer: customer.id,
      start_time: seconds() - 3600,
      end_time: seconds() + 3600,
    });
    expect(summaries.data).toHaveLength(1);
    expect(summaries.data[0]).toMatchObject({
      object: "billing.meter_event_summary",
      aggregated_value: 12,
      meter: meter.id,
    });
  });

  it("accepts the identifier again once 24 hours have passed", async () => {
    const customer = await stripe.customers.create({ email: "later@x.test" });
    await usage(customer.id, 1, "daily-report");
    now += 24 * 3600 * 1000;
    await expect(usage(customer.id, 1, "daily-report")).resolves.toMatchObject({
      identifier: "daily-report",
    });
  });

  it("groups summaries by hour and enforces aligned windows", async () => {
    const customer = await stripe.customers.create({ email: "hourly@x.test" });
    const hour = Math.floor(seconds() / 3600) * 3600 - 2 * 3600;
    await usage(customer.id, 2, undefined, hour + 10);
    await usage(customer.id, 3, undefined, hour + 3600 + 10);
    await usage(customer.id, 4, undefined, hour + 3600 + 20);

    const hourly = await stripe.billing.meters.listEventSummaries(meter.id, {
      customer: customer.id,
      start_time: hour,
      end_time: hour + 2 * 3600,
      value_grouping_window: "hour",
    });
    const byStart = Object.fromEntries(
      hourly.data.map((row) => [row.start_time, row.aggregated_value]),
    );
    expect(byStart).toEqual({ [hour]: 2, [hour + 3600]: 7 });

    await expect(
      stripe.billing.meters.listEventSummaries(meter.id, {
        customer: customer.id,
        start_time: hour + 1,
        end_time: hour + 3600,
      }),
    ).rejects.toMatchObject({ param: "start_time", statusCode: 400 });
    await expect(usage(customer.id, 1, undefined, seconds() - 40 * 86_400)).rejects.toMatchObject({
      param: "timestamp",
    });
  });

  it("bills metered usage in arrears when the period renews", async () => {
    const customer = await stripe.customers.create({ email: "renew@x.test" });
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: meteredPrice.id }],
      success_url: "https://mouse.test/ok",
    });
    expect(session.amount_total).toBe(0);
    running.sandbox.completeCheckoutSession(session.id);
    const subscription = running.sandbox.store.subscriptions
      .all()
      .find((row) => row.customer === customer.id)!;
    expect(subscription.items.data[0]).not.toHaveProperty("quantity");

    await usage(customer.id, 400, "renew-1");
    await usage(customer.id, 600, "renew-2");
    running.sandbox.renewSubscription(subscription.id);

    const invoices = await stripe.invoices.list({ customer: customer.id });
    const cycle = invoices.data.find((invoice) => invoice.billing_reason === "subscription_cycle");
    expect(cycle?.status).toBe("paid");
    expect(cycle?.lines.data[0]?.quantity).toBe(1000);
    expect(cycle?.amount_paid).toBe(3000);
  });

  it("refuses a quantity on a metered line item", async () => {
    await expect(
      stripe.checkout.sessions.create({
        mode: "subscription",
        customer_email: "q@x.test",
        line_items: [{ price: meteredPrice.id, quantity: 1 }],
      }),
    ).rejects.toMatchObject({ param: "line_items[0][quantity]" });
  });
});
