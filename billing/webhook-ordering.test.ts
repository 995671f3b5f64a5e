import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Data, Database } from "../db/index.ts";
import { signWebhookPayload } from "../sandbox/stripe/index.ts";
import { databaseBackends } from "../testing/index.ts";
import { ensureStripeCatalog } from "./catalog.ts";
import { createCheckout } from "./checkout.ts";
import { createStripeClient } from "./stripe-client.ts";
import {
  type BillingStripe,
  billingDatabase,
  createCustomer,
  recordingNotifier,
  startBillingStripe,
  WEBHOOK_SECRET,
} from "./test-support.ts";
import { createStripeWebhookRoutes } from "./webhook-routes.ts";

const nowSeconds = () => Math.floor(Date.now() / 1000);
const urls = { successUrl: "https://mouse.test/paid", cancelUrl: "https://mouse.test/cancel" };

describe.each(databaseBackends())("Stripe webhook on %s", (backend) => {
  let db: Database;
  let data: Data;
  let billing: BillingStripe;
  // Stripe's clock, moved by hand: each change happens a second after the last.
  let now = Date.now();
  const tick = () => {
    now += 1000;
  };

  beforeAll(async () => {
    ({ db, data } = await billingDatabase(backend));
    billing = await startBillingStripe(data, { autoDeliver: false, clock: () => now });
    await ensureStripeCatalog(billing.stripe);
  });
  afterAll(async () => {
    await billing?.close();
    await db?.close();
  });

  const sandbox = () => billing.running.sandbox;

  /** A customer who has checked out `plan` on Stripe; no webhook delivered yet. */
  async function subscribed(plan: "pro" | "team" = "pro") {
    const customer = await createCustomer(db);
    const { sessionId } = await createCheckout(
      { data, stripe: billing.stripe },
      { customerId: customer.customerId, plan, ...urls },
    );
    tick();
    sandbox().completeCheckoutSession(sessionId);
    const subscriptionId = sandbox().store.checkoutSessions.get(sessionId)!.subscription!;
    return { ...customer, sessionId, subscriptionId };
  }

  const eventsAbout = (...ids: string[]) =>
    sandbox()
      .events()
      .filter((event) => {
        const object = event.data.object as { id: string; subscription?: string; parent?: unknown };
        const parent = (object.parent as Stripe.Invoice["parent"]) ?? null;
        const related = [
          object.id,
          object.subscription,
          parent?.subscription_details?.subscription,
        ];
        return related.some((id) => typeof id === "string" && ids.includes(id));
      });

  async function ourState(customerId: string) {
    const customer = await db.pool.query("select plan from public.customers where id = $1", [
      customerId,
    ]);
    const subscription = await db.pool.query(
      `select status, cancel_at_period_end, extract(epoch from current_period_end)::bigint::int as period_end
         from public.subscriptions where customer_id = $1`,
      [customerId],
    );
    return { plan: customer.rows[0].plan, subscriptions: subscription.rows };
  }

  async function stripeState(subscriptionId: string) {
    const subscription = await billing.stripe.subscriptions.retrieve(subscriptionId);
    return {
      status: subscription.status,
      cancel_at_period_end: subscription.cancel_at_period_end,
      period_end: subscription.items.data[0]!.current_period_end,
    };
  }

  it("ends in Stripe's state when every event arrives three times in reverse order", async () => {
    const { customerId, ownerChatId, sessionId, subscriptionId } = await subscribed();
    tick();
    await billing.stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: true });
    tick();
    await billing.stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: false });
    tick();
    sandbox().renewSubscription(subscriptionId, { paymentFails: true });
    tick();
    sandbox().renewSubscription(subscriptionId);
    const events = eventsAbout(sessionId, subscriptionId);
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining(["invoice.payment_failed", "customer.subscription.updated"]),
    );

    for (let round = 0; round < 3; round++) {
      const deliveries = await sandbox().webhooks.deliverBatch(events, { order: "reverse" });
      expect(deliveries.every((delivery) => delivery.status === 200)).toBe(true);
    }

    const expected = await stripeState(subscriptionId);
    expect(expected).toMatchObject({ status: "active", cancel_at_period_end: false });
    expect(await ourState(customerId)).toEqual({ plan: "pro", subscriptions: [expected] });
    const audit = await db.pool.query(
      "select action, count(*)::int as n from public.audit_log where customer_id = $1 group by action",
      [customerId],
    );
    expect(Object.fromEntries(audit.rows.map((row) => [row.action, row.n]))).toMatchObject({
      "billing.checkout_completed": 1,
      "billing.invoice_paid": 2,
      "billing.invoice_payment_failed": 1,
    });
    const failedNotices = billing.notifier.sent.filter(
      (message) => message.chatId === ownerChatId && message.text.includes("did not go through"),
    );
    expect(failedNotices).toHaveLength(1);
  });

  it("ends in the same state whatever the order, for a plan change and a cancellation", async () => {
    const orders = [[0, 1, 2, 3, 4, 5, 6, 7], "reverse", "shuffle", "shuffle"] as const;
    const finals = [];
    for (const order of orders) {
      const { customerId, sessionId, subscriptionId } = await subscribed("pro");
      const item = (await billing.stripe.subscriptions.retrieve(subscriptionId)).items.data[0]!;
      const team = await billing.stripe.prices.list({ lookup_keys: ["mouse_team_monthly"] });
      tick();
      await billing.stripe.subscriptions.update(subscriptionId, {
        items: [{ id: item.id, price: team.data[0]!.id, quantity: 1 }],
      });
      tick();
      await billing.stripe.subscriptions.cancel(subscriptionId);
      const events = eventsAbout(sessionId, subscriptionId);
      let seed = 7;
      const random = () => {
        seed = (seed * 16807) % 2147483647;
        return seed / 2147483647;
      };
      const positions =
        typeof order === "string" ? order : order.filter((index) => index < events.length);
      for (let round = 0; round < 3; round++) {
        await sandbox().webhooks.deliverBatch(events, { order: positions, random });
      }
      const state = await ourState(customerId);
      expect(state.subscriptions[0]).toEqual(await stripeState(subscriptionId));
      finals.push(state);
    }
    expect(finals.every((state) => state.plan === "free")).toBe(true);
    expect(new Set(finals.map((state) => state.subscriptions[0].status))).toEqual(
      new Set(["canceled"]),
    );
  });

  it("answers 400 to a bad or missing signature and changes nothing", async () => {
    const { customerId, sessionId, subscriptionId } = await subscribed();
    const events = eventsAbout(sessionId, subscriptionId);
    for (const event of events) {
      const [delivery] = await sandbox().webhooks.deliverWithBadSignature(event);
      expect(delivery?.status).toBe(400);
    }
    const app = createStripeWebhookRoutes({
      data,
      stripe: billing.stripe,
      webhookSecret: WEBHOOK_SECRET,
    });
    const unsigned = await app.request("/stripe/webhook", {
      method: "POST",
      body: JSON.stringify(events[0]),
    });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toEqual({
      error: { status: 400, message: "Missing Stripe-Signature header" },
    });
    const forged = await app.request("/stripe/webhook", {
      method: "POST",
      headers: {
        "stripe-signature": signWebhookPayload(
          JSON.stringify(events[0]),
          "whsec_wrong",
          nowSeconds(),
        ),
      },
      body: JSON.stringify(events[0]),
    });
    expect(forged.status).toBe(400);
    expect((await forged.json()).error.message).toMatch(/^Stripe signature verification failed/);

    const seen = await db.pool.query(
      "select 1 from public.webhook_events where event_id = any($1)",
      [events.map((event) => event.id)],
    );
    expect(seen.rows).toHaveLength(0);
    expect(await ourState(customerId)).toEqual({ plan: "free", subscriptions: [] });
  });

  it("says duplicate for a repeat and ignores event types it does not handle", async () => {
    const notifier = recordingNotifier();
    const app = createStripeWebhookRoutes({
      data,
      notifier,
      stripe: createStripeClient({ secretKey: "sk_test_other" }),
      webhookSecret: WEBHOOK_SECRET,
    });
    const post = (event: unknown) => {
      const body = JSON.stringify(event);
      return app.request("/stripe/webhook", {
        method: "POST",
        headers: { "stripe-signature": signWebhookPayload(body, WEBHOOK_SECRET, nowSeconds()) },
        body,
      });
    };
    const { customerId, subscriptionId } = await subscribed();
    const created = eventsAbout(subscriptionId).find(
      (event) => event.type === "customer.subscription.created",
    )!;
    expect(await (await post(created)).json()).toEqual({ received: true, outcome: "processed" });
    expect(await (await post(created)).json()).toEqual({ received: true, outcome: "duplicate" });
    const other = sandbox().events("customer.created").at(-1)!;
    const ignored = await post(other);
    expect(ignored.status).toBe(200);
    expect(await ignored.json()).toEqual({ received: true, outcome: "ignored" });
    expect((await ourState(customerId)).plan).toBe("pro");
    expect(notifier.sent.filter((m) => m.text.includes("Pro plan"))).toHaveLength(1);
  });
});
