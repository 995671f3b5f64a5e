import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningStripeSandbox, startStripeSandbox } from "./start.ts";
import { startVerifyingReceiver } from "./webhooks/test-receiver.ts";

const SECRET = "whsec_checkout_flow_test";

let running: RunningStripeSandbox;
let receiver: Awaited<ReturnType<typeof startVerifyingReceiver>>;
let stripe: Stripe;

beforeAll(async () => {
  receiver = await startVerifyingReceiver(SECRET);
  running = await startStripeSandbox({ webhookEndpoints: [{ url: receiver.url, secret: SECRET }] });
  stripe = new Stripe("sk_test_checkout_flow", { ...running.clientConfig, maxNetworkRetries: 0 });
});

afterAll(async () => {
  await running.close();
  await receiver.close();
});

async function monthlyPrice(unitAmount: number, name = "Knight plan") {
  const product = await stripe.products.create({ name });
  return stripe.prices.create({
    product: product.id,
    currency: "usd",
    unit_amount: unitAmount,
    recurring: { interval: "month" },
  });
}

async function subscribe(customer: string, price: string) {
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer,
    line_items: [{ price, quantity: 1 }],
    success_url: "https://mouse.test/paid",
  });
  running.sandbox.completeCheckoutSession(session.id);
  const done = await stripe.checkout.sessions.retrieve(session.id);
  return stripe.subscriptions.retrieve(done.subscription as string);
}

describe("checkout to active subscription", () => {
  it("pays a subscription checkout and delivers verified events", async () => {
    const customer = await stripe.customers.create({ email: "owner@bakery.test" });
    const price = await monthlyPrice(4900);
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      client_reference_id: "tenant_42",
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: "https://mouse.test/paid?session={CHECKOUT_SESSION_ID}",
      cancel_url: "https://mouse.test/cancel",
      metadata: { plan: "pro" },
    });
    expect(session).toMatchObject({ object: "checkout.session", status: "open", livemode: false });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toBe(`${running.url}/checkout/${session.id}`);

    const page = await fetch(session.url!);
    expect(await page.text()).toContain("Pay");
    const paid = await fetch(`${session.url}/pay`, { method: "POST", redirect: "manual" });
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe(`https://mouse.test/paid?session=${session.id}`);

    const completed = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ["subscription", "line_items"],
    });
    const subscription = completed.subscription as Stripe.Subscription;
    expect(completed.status).toBe("complete");
    expect(completed.payment_status).toBe("paid");
    expect(completed.line_items?.data[0]?.price?.id).toBe(price.id);
    expect(subscription.status).toBe("active");
    expect(subscription.customer).toBe(customer.id);
    expect(subscription.items.data[0]?.price.id).toBe(price.id);

    await running.sandbox.webhooks.idle();
    const types = receiver.types();
    expect(types).toEqual(
      expect.arrayContaining([
        "checkout.session.completed",
        "customer.subscription.created",
        "invoice.paid",
      ]),
    );
    const completedEvent = receiver.accepted.find(
      (event) => event.type === "checkout.session.completed",
    ) as Stripe.CheckoutSessionCompletedEvent;
    expect(completedEvent.data.object.client_reference_id).toBe("tenant_42");
    expect(completedEvent.data.object.metadata).toEqual({ plan: "pro" });
    const invoicePaid = receiver.accepted.find((event) => event.type === "invoice.paid") as
      | Stripe.InvoicePaidEvent
      | undefined;
    expect(invoicePaid?.data.object.amount_paid).toBe(4900);
    expect(invoicePaid?.data.object.parent?.subscription_details?.subscription).toBe(
      subscription.id,
    );

    const fetched = await stripe.events.retrieve(completedEvent.id);
    expect(fetched.type).toBe("checkout.session.completed");
    const listed = await stripe.events.list({ type: "invoice.paid" });
    expect(listed.data.map((event) => event.id)).toContain(invoicePaid?.id);
    const invoices = await stripe.invoices.list({ customer: customer.id });
    expect(invoices.data).toHaveLength(1);
  });

  it("rejects a delivery signed with the wrong secret", async () => {
    const [event] = running.sandbox.events("checkout.session.completed");
    const rejectedBefore = receiver.rejected.length;
    const [delivery] = await running.sandbox.webhooks.deliverWithBadSignature(event!);
    expect(delivery?.status).toBe(400);
    expect(receiver.rejected).toHaveLength(rejectedBefore + 1);
    expect(receiver.rejected.at(-1)).toBeInstanceOf(Stripe.errors.StripeSignatureVerificationError);
  });

  it("creates the customer from customer_email and records Connect fee and destination", async () => {
    const account = await stripe.accounts.create({ type: "express", country: "US" });
    const price = await monthlyPrice(10_000, "Reseller plan");
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer_email: "new@shop.test",
      line_items: [{ price: price.id, quantity: 2 }],
      subscription_data: {
        application_fee_percent: 12.5,
        transfer_data: { destination: account.id },
        metadata: { reseller: "r1" },
      },
      success_url: "https://mouse.test/paid",
    });
    expect(session.amount_total).toBe(20_000);
    // The test-mode helper endpoint, for processes that hold no sandbox handle.
    const completed = await stripe.rawRequest(
      "POST",
      `/v1/test_helpers/checkout/sessions/${session.id}/complete`,
      {},
    );
    expect(completed.status).toBe("complete");
    await expect(
      stripe.rawRequest("POST", `/v1/test_helpers/checkout/sessions/${session.id}/complete`, {}),
    ).rejects.toThrow("no longer be completed");

    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ["customer"] });
    expect((done.customer as Stripe.Customer).email).toBe("new@shop.test");
    const subscription = await stripe.subscriptions.retrieve(done.subscription as string);
    expect(subscription.application_fee_percent).toBe(12.5);
    expect(subscription.transfer_data?.destination).toBe(account.id);
    expect(subscription.metadata).toEqual({ reseller: "r1" });
    const invoice = await stripe.invoices.retrieve(subscription.latest_invoice as string);
    expect(invoice.total).toBe(20_000);
  });

  it("completes a one-time payment checkout with a payment intent", async () => {
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [
        {
          price_data: { currency: "usd", unit_amount: 1500, product_data: { name: "Top-up" } },
          quantity: 2,
        },
      ],
      payment_intent_data: { metadata: { topup: "t1" } },
      success_url: "https://mouse.test/paid",
    });
    running.sandbox.completeCheckoutSession(session.id);
    const done = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ["payment_intent"],
    });
    expect(done.payment_intent).toMatchObject({
      object: "payment_intent",
      status: "succeeded",
      amount: 3000,
      metadata: { topup: "t1" },
    });
    expect(done.customer).toBeNull();
    const lines = await stripe.checkout.sessions.listLineItems(session.id);
    expect(lines.data[0]).toMatchObject({ quantity: 2, amount_total: 3000, description: "Top-up" });
  });

  it("refuses a destination account that does not exist", async () => {
    const price = await monthlyPrice(1000);
    const attempt = stripe.checkout.sessions.create({
      mode: "subscription",
      customer_email: "x@y.test",
      line_items: [{ price: price.id, quantity: 1 }],
      subscription_data: {
        application_fee_percent: 10,
        transfer_data: { destination: "acct_nope" },
      },
    });
    await expect(attempt).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      code: "resource_missing",
      param: "subscription_data[transfer_data][destination]",
    });
  });

  it("refuses one-time prices in subscription mode, like Stripe", async () => {
    const product = await stripe.products.create({ name: "Setup fee" });
    const oneTime = await stripe.prices.create({
      product: product.id,
      currency: "usd",
      unit_amount: 500,
    });
    await expect(
      stripe.checkout.sessions.create({
        mode: "subscription",
        customer_email: "a@b.test",
        line_items: [{ price: oneTime.id, quantity: 1 }],
      }),
    ).rejects.toThrow("You must provide at least one recurring price in `subscription` mode");
  });
});

describe("managing a subscription", () => {
  it("gives a portal URL whose page cancels at period end; renewal then ends it", async () => {
    const customer = await stripe.customers.create({ email: "portal@bakery.test" });
    const subscription = await subscribe(customer.id, (await monthlyPrice(2000)).id);

    const portal = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: "https://mouse.test/account",
    });
    expect(portal.id).toMatch(/^bps_/);
    expect(portal.url).toBe(`${running.url}/billing_portal/${portal.id}`);
    expect(await (await fetch(portal.url)).text()).toContain("Cancel plan");

    const cancel = await fetch(`${portal.url}/subscriptions/${subscription.id}/cancel`, {
      method: "POST",
      redirect: "manual",
    });
    expect(cancel.status).toBe(303);
    const pending = await stripe.subscriptions.retrieve(subscription.id);
    expect(pending.cancel_at_period_end).toBe(true);
    expect(pending.status).toBe("active");

    running.sandbox.renewSubscription(subscription.id);
    const ended = await stripe.subscriptions.retrieve(subscription.id);
    expect(ended.status).toBe("canceled");
    await running.sandbox.webhooks.idle();
    const deleted = receiver.accepted.filter(
      (event) =>
        event.type === "customer.subscription.deleted" &&
        (event.data.object as Stripe.Subscription).id === subscription.id,
    );
    expect(deleted).toHaveLength(1);
  });

  it("changes price and cancels through the API with updated/deleted events", async () => {
    const customer = await stripe.customers.create({ email: "upgrade@bakery.test" });
    const basic = await monthlyPrice(1000, "Basic");
    const pro = await monthlyPrice(3000, "Pro");
    const subscription = await subscribe(customer.id, basic.id);
    const itemId = subscription.items.data[0]!.id;

    const upgraded = await stripe.subscriptions.update(subscription.id, {
      items: [{ id: itemId, price: pro.id }],
      proration_behavior: "none",
    });
    expect(upgraded.items.data.map((item) => item.price.id)).toEqual([pro.id]);
    const scheduled = await stripe.subscriptions.update(subscription.id, {
      cancel_at_period_end: true,
    });
    expect(scheduled.cancel_at).toBe(scheduled.items.data[0]!.current_period_end);

    const canceled = await stripe.subscriptions.cancel(subscription.id);
    expect(canceled.status).toBe("canceled");
    await expect(stripe.subscriptions.cancel(subscription.id)).rejects.toBeInstanceOf(
      Stripe.errors.StripeInvalidRequestError,
    );

    const mine = running.sandbox
      .events()
      .filter((event) => (event.data.object as { id?: string }).id === subscription.id);
    const updates = mine.filter((event) => event.type === "customer.subscription.updated");
    expect(updates).toHaveLength(2);
    expect(updates[0]?.data.previous_attributes).toHaveProperty("items");
    expect(updates[1]?.data.previous_attributes).toMatchObject({ cancel_at_period_end: false });
    expect(mine.at(-1)?.type).toBe("customer.subscription.deleted");
    const active = await stripe.subscriptions.list({ customer: customer.id });
    expect(active.data).toHaveLength(0);
  });
});
