import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Data, Database } from "../db/index.ts";
import { signWebhookPayload } from "../sandbox/stripe/index.ts";
import { databaseBackends } from "../testing/index.ts";
import { ensureStripeCatalog } from "./catalog.ts";
import {
  type BillingStripe,
  billingDatabase,
  createCustomer,
  recordingNotifier,
  startBillingStripe,
  WEBHOOK_SECRET,
} from "./test-support.ts";
import { createStripeWebhookRoutes } from "./webhook-routes.ts";

describe.each(databaseBackends())(
  "Stripe subscriptions before their customer is linked, on %s",
  (backend) => {
    let db: Database;
    let data: Data;
    let billing: BillingStripe;
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

    /** A subscription made in Stripe for a Stripe customer Mouse does not know (no Mouse metadata). */
    async function subscribedOutsideMouse() {
      const stripeCustomer = await billing.stripe.customers.create({ name: "Walk-in" });
      const team = await billing.stripe.prices.list({ lookup_keys: ["mouse_team_monthly"] });
      const session = await billing.stripe.checkout.sessions.create({
        mode: "subscription",
        customer: stripeCustomer.id,
        line_items: [{ price: team.data[0]!.id, quantity: 1 }],
        success_url: "https://stripe.test/done",
        cancel_url: "https://stripe.test/cancel",
      });
      tick();
      sandbox().completeCheckoutSession(session.id);
      const subscriptionId = sandbox().store.checkoutSessions.get(session.id)!.subscription!;
      return { stripeCustomerId: stripeCustomer.id, subscriptionId };
    }

    const subscriptionEvents = (subscriptionId: string) =>
      sandbox()
        .events()
        .filter(
          (event) =>
            event.type.startsWith("customer.subscription.") &&
            (event.data.object as { id: string }).id === subscriptionId,
        );

    const notifier = recordingNotifier();
    const app = () =>
      createStripeWebhookRoutes({
        data,
        notifier,
        stripe: billing.stripe,
        webhookSecret: WEBHOOK_SECRET,
      });
    const post = async (event: unknown) => {
      const body = JSON.stringify(event);
      const response = await app().request("/stripe/webhook", {
        method: "POST",
        headers: {
          "stripe-signature": signWebhookPayload(
            body,
            WEBHOOK_SECRET,
            Math.floor(Date.now() / 1000),
          ),
        },
        body,
      });
      return { status: response.status, body: await response.json() };
    };

    /** Mouse's own checkout completing for `customerId` with that Stripe customer: the link. */
    const linkEvent = (customerId: string, stripeCustomerId: string) => {
      tick();
      return {
        id: `evt_link_${customerId.slice(0, 8)}_${now}`,
        object: "event",
        type: "checkout.session.completed",
        created: Math.floor(now / 1000),
        data: {
          object: {
            id: `cs_link_${now}`,
            object: "checkout.session",
            mode: "setup",
            client_reference_id: customerId,
            customer: stripeCustomerId,
            metadata: {},
            amount_total: 0,
            currency: "usd",
            subscription: null,
          },
        },
      } as unknown as Stripe.Event;
    };

    async function ourState(customerId: string) {
      const customer = await db.pool.query("select plan from public.customers where id = $1", [
        customerId,
      ]);
      const subscriptions = await db.pool.query(
        "select stripe_subscription_id as id, status, plan from public.subscriptions where customer_id = $1",
        [customerId],
      );
      return { plan: customer.rows[0].plan, subscriptions: subscriptions.rows };
    }

    const pendingFor = async (stripeCustomerId: string) =>
      (
        await db.pool.query(
          "select event_type from public.stripe_pending_subscriptions where stripe_customer_id = $1",
          [stripeCustomerId],
        )
      ).rows;

    it("keeps a subscription event it cannot link and applies the plan when the customer is linked", async () => {
      const { customerId, ownerChatId } = await createCustomer(db);
      const { stripeCustomerId, subscriptionId } = await subscribedOutsideMouse();
      const events = subscriptionEvents(subscriptionId);
      expect(events.map((e) => e.type)).toContain("customer.subscription.created");

      for (const event of events)
        expect((await post(event)).body).toEqual({ received: true, outcome: "processed" });
      expect(await ourState(customerId)).toEqual({ plan: "free", subscriptions: [] });
      expect(await pendingFor(stripeCustomerId)).toHaveLength(1);

      expect((await post(linkEvent(customerId, stripeCustomerId))).status).toBe(200);
      expect(await ourState(customerId)).toEqual({
        plan: "team",
        subscriptions: [{ id: subscriptionId, status: "active", plan: "team" }],
      });
      expect(await pendingFor(stripeCustomerId)).toEqual([]);
      const told = notifier.sent.filter((m) => m.chatId === ownerChatId && m.text.includes("Team"));
      expect(told).toHaveLength(1);

      // Stripe delivering the same events again changes nothing.
      for (const event of events) expect((await post(event)).body.outcome).toBe("duplicate");
      expect((await ourState(customerId)).plan).toBe("team");
    });

    it("applies the newest state when the kept events arrived out of order", async () => {
      const { customerId } = await createCustomer(db);
      const { stripeCustomerId, subscriptionId } = await subscribedOutsideMouse();
      tick();
      await billing.stripe.subscriptions.cancel(subscriptionId);
      const events = subscriptionEvents(subscriptionId);
      expect(events.map((e) => e.type)).toEqual(
        expect.arrayContaining(["customer.subscription.created", "customer.subscription.deleted"]),
      );
      // Newest first: the older "created" snapshot must not replace the cancellation.
      for (const event of [...events].reverse()) expect((await post(event)).status).toBe(200);
      expect(await pendingFor(stripeCustomerId)).toEqual([
        { event_type: "customer.subscription.deleted" },
      ]);

      await post(linkEvent(customerId, stripeCustomerId));
      expect(await ourState(customerId)).toEqual({
        plan: "free",
        subscriptions: [{ id: subscriptionId, status: "canceled", plan: "team" }],
      });
    });

    it("a link for another Stripe customer applies nothing that is not theirs", async () => {
      const { customerId } = await createCustomer(db);
      const { stripeCustomerId } = await subscribedOutsideMouse();
      for (const event of sandbox()
        .events()
        .filter((e) => e.type === "customer.subscription.created"))
        await post(event);
      await post(linkEvent(customerId, "cus_someone_else"));
      expect((await ourState(customerId)).plan).toBe("free");
      expect(await pendingFor(stripeCustomerId)).toHaveLength(1);
    });
  },
);
