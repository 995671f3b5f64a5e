/**
 * A reseller's earnings are its share of what its customers actually paid
 * in Stripe, month by month — whatever order Stripe's events arrive in (an
 * `invoice.paid` landing before the subscription or the checkout that maps
 * the customer must still count).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Data, Database } from "../db/index.ts";
import { databaseBackends } from "../testing/index.ts";
import { ensureStripeCatalog } from "./catalog.ts";
import { createCheckout } from "./checkout.ts";
import { MICROS_PER_CENT } from "./ledger.ts";
import { monthPeriod } from "./period.ts";
import { resellerEarnings, resellerEarningsHistory } from "./resellers.ts";
import {
  type BillingStripe,
  billingDatabase,
  createCustomer,
  createUser,
  startBillingStripe,
} from "./test-support.ts";

const urls = { successUrl: "https://mouse.test/paid", cancelUrl: "https://mouse.test/cancel" };
const OCTOBER = Date.UTC(2026, 9, 10, 12);
const DAY = 86_400_000;

describe.each(databaseBackends())("reseller earnings on %s", (backend) => {
  let db: Database;
  let data: Data;
  let billing: BillingStripe;
  // Stripe's clock, moved by hand so payments fall in chosen months.
  let now = OCTOBER;

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

  async function checkout(customerId: string, plan: "pro" | "team") {
    const { sessionId } = await createCheckout(
      { data, stripe: billing.stripe },
      { customerId, plan, ...urls },
    );
    sandbox().completeCheckoutSession(sessionId);
    return sandbox().store.checkoutSessions.get(sessionId)!.subscription!;
  }

  /** What Stripe says our customers paid, by month of payment, in micros. */
  function paidInStripe(customerIds: string[], shareBps: number) {
    const byMonth = new Map<string, { paid: number; earned: number }>();
    for (const invoice of sandbox().store.invoices.all()) {
      const owner = invoice.parent?.subscription_details.metadata.mouse_customer_id;
      if (invoice.status !== "paid" || !owner || !customerIds.includes(owner)) continue;
      const paidAt = (invoice.status_transitions as { paid_at: number }).paid_at;
      const month = new Date(paidAt * 1000).toISOString().slice(0, 7);
      const micros = invoice.amount_paid * MICROS_PER_CENT;
      const row = byMonth.get(month) ?? { paid: 0, earned: 0 };
      row.paid += micros;
      row.earned += Math.floor((micros * shareBps) / 10_000);
      byMonth.set(month, row);
    }
    return byMonth;
  }

  it("equals the reseller's share of its customers' Stripe payments, per month", async () => {
    const reseller = await db.pool.query<{ id: string }>(
      "insert into public.resellers (name, revenue_share_bps) values ('Acme Digital', 2000) returning id",
    );
    const resellerId = reseller.rows[0]!.id;
    const staff = await createUser(db, { resellerId, role: "owner" });
    const bakery = await createCustomer(db, { resellerId, name: "Bakery" });
    const florist = await createCustomer(db, { resellerId, name: "Florist" });
    const outsider = await createCustomer(db, { name: "Not theirs" });

    // October: the bakery and someone else's customer take Pro.
    const bakerySubscription = await checkout(bakery.customerId, "pro");
    await checkout(outsider.customerId, "pro");
    // November: the bakery renews, the florist takes Team.
    now += 31 * DAY;
    sandbox().renewSubscription(bakerySubscription);
    await checkout(florist.customerId, "team");

    // Every event arrives, newest first: invoices before the checkouts that map them.
    const deliveries = await sandbox().webhooks.deliverBatch(sandbox().events(), {
      order: "reverse",
    });
    expect(deliveries.every((delivery) => delivery.status === 200)).toBe(true);

    const expected = paidInStripe([bakery.customerId, florist.customerId], 2000);
    expect([...expected.keys()].sort()).toEqual(["2026-10", "2026-11"]);
    const history = await resellerEarningsHistory(data, staff, resellerId, {
      months: 3,
      until: new Date(now),
    });
    expect(history).toEqual([
      {
        period: "2026-11",
        paidMicros: expected.get("2026-11")!.paid,
        earnedMicros: expected.get("2026-11")!.earned,
        invoices: 2,
      },
      {
        period: "2026-10",
        paidMicros: expected.get("2026-10")!.paid,
        earnedMicros: expected.get("2026-10")!.earned,
        invoices: 1,
      },
      { period: "2026-09", paidMicros: 0, earnedMicros: 0, invoices: 0 },
    ]);
    expect(history[0]!.earnedMicros).toBeGreaterThan(0);

    // The month's page shows the same figure, split by customer.
    const november = await resellerEarnings(data, staff, resellerId, monthPeriod(new Date(now)));
    expect(november.earnedMicros).toBe(expected.get("2026-11")!.earned);
    expect(november.customers.map((c) => [c.name, c.earnedMicros > 0])).toEqual([
      ["Bakery", true],
      ["Florist", true],
    ]);

    // Nobody outside the reseller reads its history.
    const stranger = await createUser(db);
    await expect(
      resellerEarningsHistory(data, stranger, resellerId, { until: new Date(now) }),
    ).rejects.toMatchObject({ code: "not_allowed" });
  });
});
