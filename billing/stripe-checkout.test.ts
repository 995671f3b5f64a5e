import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Data, Database } from "../db/index.ts";
import { databaseBackends } from "../testing/index.ts";
import { ensureStripeCatalog, OVERAGE_LOOKUP_KEY, type StripeCatalog } from "./catalog.ts";
import { createCheckout, createPortal } from "./checkout.ts";
import { monthPeriod } from "./period.ts";
import { changePlan } from "./plan-changes.ts";
import { PLANS } from "./plans.ts";
import { resellerEarnings } from "./resellers.ts";
import { stripeHost } from "./stripe-client.ts";
import {
  type BillingStripe,
  billingDatabase,
  createCustomer,
  createUser,
  startBillingStripe,
} from "./test-support.ts";

describe("stripeHost", () => {
  it("splits an API base URL the way stripe-node wants it", () => {
    expect(stripeHost("http://127.0.0.1:4242")).toEqual({
      host: "127.0.0.1",
      port: 4242,
      protocol: "http",
    });
    expect(stripeHost("https://stripe-proxy.internal")).toEqual({
      host: "stripe-proxy.internal",
      port: 443,
      protocol: "https",
    });
    expect(() => stripeHost("https://gw.example/stripe")).toThrow("must not have a path");
  });
});

describe.each(databaseBackends())("Stripe checkout and subscriptions on %s", (backend) => {
  let db: Database;
  let data: Data;
  let billing: BillingStripe;
  let catalog: StripeCatalog;
  const urls = { successUrl: "https://mouse.test/paid", cancelUrl: "https://mouse.test/cancel" };

  beforeAll(async () => {
    ({ db, data } = await billingDatabase(backend));
    billing = await startBillingStripe(data);
    catalog = await ensureStripeCatalog(billing.stripe);
  });
  afterAll(async () => {
    await billing?.close();
    await db?.close();
  });

  const deps = () => ({ data, stripe: billing.stripe });

  /** What the customer paying on Stripe's page does, then every webhook landing. */
  async function pay(sessionId: string) {
    billing.running.sandbox.completeCheckoutSession(sessionId);
    await billing.running.sandbox.webhooks.idle();
  }

  it("creates the catalogue once: a price per paid plan and a metered overage price", async () => {
    const again = await ensureStripeCatalog(billing.stripe);
    expect(again).toEqual(catalog);
    const store = billing.running.sandbox.store;
    const keys = store.prices.all().map((price) => price.lookup_key);
    expect(keys.sort()).toEqual(["mouse_overage_cents", "mouse_pro_monthly", "mouse_team_monthly"]);
    expect(store.meters.all()).toHaveLength(1);
    const pro = store.prices.get(catalog.planPriceIds.pro!);
    expect(pro).toMatchObject({ unit_amount: 4900, recurring: { interval: "month" } });
    const overage = store.prices.get(catalog.overagePriceId);
    expect(overage?.recurring).toMatchObject({ usage_type: "metered", meter: catalog.meterId });
  });

  it("turns a paid checkout into an active subscription and the customer's new plan", async () => {
    const { customerId, ownerId, ownerChatId } = await createCustomer(db);
    const checkout = await createCheckout(deps(), {
      customerId,
      plan: "pro",
      userId: ownerId,
      ...urls,
    });
    expect(checkout.url).toContain(`/checkout/${checkout.sessionId}`);

    const session = billing.running.sandbox.store.checkoutSessions.get(checkout.sessionId)!;
    expect(session).toMatchObject({ mode: "subscription", client_reference_id: customerId });
    const lines = billing.running.sandbox.store.checkoutDetails.get(checkout.sessionId)!.lineItems;
    expect(lines.map((line) => [line.price.lookup_key, line.quantity])).toEqual([
      ["mouse_pro_monthly", 1],
      [OVERAGE_LOOKUP_KEY, null],
    ]);

    await pay(checkout.sessionId);

    const customer = await db.pool.query(
      "select plan, stripe_customer_id from public.customers where id = $1",
      [customerId],
    );
    expect(customer.rows[0]).toEqual({ plan: "pro", stripe_customer_id: session.customer });
    const subscription = await db.pool.query(
      "select plan, status, current_period_end from public.subscriptions where customer_id = $1",
      [customerId],
    );
    expect(subscription.rows).toHaveLength(1);
    expect(subscription.rows[0]).toMatchObject({ plan: "pro", status: "active" });
    expect(subscription.rows[0].current_period_end.getTime()).toBeGreaterThan(Date.now());

    const audit = await db.pool.query(
      "select action from public.audit_log where customer_id = $1 order by id",
      [customerId],
    );
    expect(audit.rows.map((row) => row.action)).toEqual(
      expect.arrayContaining([
        "billing.checkout_completed",
        "billing.invoice_paid",
        "billing.plan_changed",
      ]),
    );
    const paid = await db.pool.query(
      "select amount_paid_micros::text from public.invoice_payments where customer_id = $1",
      [customerId],
    );
    expect(paid.rows).toEqual([{ amount_paid_micros: String(PLANS.pro.priceMicros) }]);
    expect(billing.notifier.sent).toContainEqual({
      chatId: ownerChatId,
      text: expect.stringContaining("You are on the Pro plan now"),
    });
  });

  it("changes plan on the same subscription and ends it at period end for Free", async () => {
    const { customerId, ownerId } = await createCustomer(db);
    const checkout = await createCheckout(deps(), { customerId, plan: "pro", ...urls });
    await pay(checkout.sessionId);
    await expect(
      createCheckout(deps(), { customerId, plan: "team", ...urls }),
    ).rejects.toMatchObject({ code: "already_subscribed" });
    const state = async () => {
      const customer = await db.pool.query("select plan from public.customers where id = $1", [
        customerId,
      ]);
      const subs = await db.pool.query(
        "select plan, status, cancel_at_period_end from public.subscriptions where customer_id = $1",
        [customerId],
      );
      return { plan: customer.rows[0].plan, subscriptions: subs.rows };
    };

    const upgrade = await changePlan(deps(), { customerId, plan: "team", userId: ownerId });
    expect(upgrade.effective).toBe("now");
    await billing.running.sandbox.webhooks.idle();
    expect(await state()).toEqual({
      plan: "team",
      subscriptions: [{ plan: "team", status: "active", cancel_at_period_end: false }],
    });

    expect((await changePlan(deps(), { customerId, plan: "free" })).effective).toBe("period_end");
    await billing.running.sandbox.webhooks.idle();
    expect(await state()).toEqual({
      plan: "team",
      subscriptions: [{ plan: "team", status: "active", cancel_at_period_end: true }],
    });
    billing.running.sandbox.renewSubscription(upgrade.subscriptionId);
    await billing.running.sandbox.webhooks.idle();
    expect(await state()).toEqual({
      plan: "free",
      subscriptions: [{ plan: "team", status: "canceled", cancel_at_period_end: true }],
    });
    await expect(changePlan(deps(), { customerId, plan: "pro" })).rejects.toMatchObject({
      code: "not_subscribed",
    });
  });

  it("reuses the customer's Stripe customer and opens the portal for it", async () => {
    const { customerId, ownerId } = await createCustomer(db);
    await expect(
      createPortal(deps(), { customerId, returnUrl: "https://mouse.test/account" }),
    ).rejects.toMatchObject({ code: "not_allowed" });
    const first = await createCheckout(deps(), { customerId, plan: "pro", ...urls });
    const second = await createCheckout(deps(), {
      customerId,
      plan: "team",
      userId: ownerId,
      ...urls,
    });
    const store = billing.running.sandbox.store;
    expect(store.checkoutSessions.get(first.sessionId)!.customer).toBe(
      store.checkoutSessions.get(second.sessionId)!.customer,
    );
    const portal = await createPortal(deps(), {
      customerId,
      userId: ownerId,
      returnUrl: "https://mouse.test/account",
    });
    expect(portal.url).toMatch(/\/billing_portal\/bps_/);
  });

  it("refuses checkout to someone who does not manage the customer, and unknown plans", async () => {
    const { customerId } = await createCustomer(db);
    const member = await createUser(db, { customerId, role: "member" });
    const stranger = await createUser(db);
    for (const userId of [member, stranger]) {
      await expect(
        createCheckout(deps(), { customerId, plan: "pro", userId, ...urls }),
      ).rejects.toMatchObject({ code: "not_allowed" });
    }
    await expect(
      createCheckout(deps(), { customerId, plan: "free", ...urls }),
    ).rejects.toMatchObject({ code: "unknown_plan" });
  });

  it("pays a Connect reseller its share by destination charge and shows it on its page", async () => {
    const account = await billing.stripe.accounts.create({ type: "express", country: "US" });
    const reseller = await db.pool.query<{ id: string }>(
      "insert into public.resellers (name, revenue_share_bps, stripe_account_id) values ('Acme', 2500, $1) returning id",
      [account.id],
    );
    const resellerId = reseller.rows[0]!.id;
    const staff = await createUser(db, { resellerId, role: "owner" });
    const { customerId } = await createCustomer(db, { resellerId, name: "Bakery" });

    const checkout = await createCheckout(deps(), {
      customerId,
      plan: "team",
      userId: staff,
      ...urls,
    });
    await pay(checkout.sessionId);
    const subscription = billing.running.sandbox.store.subscriptions
      .all()
      .find((row) => row.metadata.mouse_customer_id === customerId)!;
    expect(subscription.application_fee_percent).toBe(75);
    expect(subscription.transfer_data?.destination).toBe(account.id);

    const earnings = await resellerEarnings(data, staff, resellerId, monthPeriod());
    expect(earnings).toMatchObject({
      revenueShareBps: 2500,
      payout: "stripe_connect",
      paidMicros: PLANS.team.priceMicros,
      earnedMicros: PLANS.team.priceMicros / 4,
    });
    expect(earnings.customers).toEqual([
      expect.objectContaining({
        customerId,
        name: "Bakery",
        plan: "team",
        earnedMicros: PLANS.team.priceMicros / 4,
      }),
    ]);
    const outsider = await createUser(db);
    await expect(resellerEarnings(data, outsider, resellerId, monthPeriod())).rejects.toMatchObject(
      {
        code: "not_allowed",
      },
    );
  });
});
