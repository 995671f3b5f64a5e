import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Data, Database } from "../db/index.ts";
import type { QueueKit } from "../queue/index.ts";
import { createTestQueues, databaseBackends } from "../testing/index.ts";
import { ensureStripeCatalog, OVERAGE_METER_EVENT } from "./catalog.ts";
import { createCheckout } from "./checkout.ts";
import { creditCustomer } from "./credits.ts";
import { customerBalance } from "./ledger.ts";
import {
  createMeterReportingProcessor,
  METER_REPORT_JOB,
  MeterReportingError,
  scheduleMeterReporting,
} from "./meter-jobs.ts";
import { reportOverage } from "./meter-reporting.ts";
import { monthPeriod, previousPeriod, unixSeconds } from "./period.ts";
import { PLANS } from "./plans.ts";
import { reconcileMeter } from "./reconcile.ts";
import {
  type BillingStripe,
  billingDatabase,
  createCustomer,
  createUser,
  recordingNotifier,
  startBillingStripe,
} from "./test-support.ts";
import { recordUsage } from "./usage.ts";

describe.each(databaseBackends())("overage reporting to Stripe meters on %s", (backend) => {
  let db: Database;
  let data: Data;
  let billing: BillingStripe;
  let queues: QueueKit;
  let admin: string;

  beforeAll(async () => {
    ({ db, data } = await billingDatabase(backend, { queue: true }));
    billing = await startBillingStripe(data);
    await ensureStripeCatalog(billing.stripe);
    queues = createTestQueues("postgres", db);
    admin = await createUser(db, { admin: true });
  });
  afterAll(async () => {
    await queues?.close();
    await billing?.close();
    await db?.close();
  });

  const deps = () => ({ data, stripe: billing.stripe });
  const spendAi = (customerId: string, costMicros: number, key: string) =>
    data.asService("test: usage", (tx) =>
      recordUsage(tx, {
        customerId,
        kind: "model_tokens",
        quantity: 1000,
        costMicros,
        idempotencyKey: `${customerId}:${key}`,
      }),
    );
  const credit = (customerId: string, amountMicros: number, key: string) =>
    creditCustomer(data, {
      adminUserId: admin,
      customerId,
      amountMicros,
      reason: "goodwill",
      idempotencyKey: `${customerId}:${key}`,
    });

  async function payingCustomer() {
    const customer = await createCustomer(db);
    const { sessionId } = await createCheckout(deps(), {
      customerId: customer.customerId,
      plan: "pro",
      successUrl: "https://mouse.test/ok",
      cancelUrl: "https://mouse.test/no",
    });
    billing.running.sandbox.completeCheckoutSession(sessionId);
    await billing.running.sandbox.webhooks.idle();
    const { rows } = await db.pool.query(
      "select plan, stripe_customer_id from public.customers where id = $1",
      [customer.customerId],
    );
    expect(rows[0].plan).toBe("pro");
    return { ...customer, stripeCustomerId: rows[0].stripe_customer_id as string };
  }

  const meterEventsOf = (stripeCustomerId: string) =>
    billing.running.sandbox.store.meterEvents.filter(
      (event) =>
        event.event_name === OVERAGE_METER_EVENT &&
        event.payload.stripe_customer_id === stripeCustomerId,
    );

  it("bills overage once through failures and a crash between report and bookkeeping", async () => {
    const { customerId, stripeCustomerId } = await payingCustomer();
    const included = PLANS.pro.includedAiMicros;
    await spendAi(customerId, included + 1_234_567, "big-task");
    await credit(customerId, 500_000, "sorry");

    // Run 1: Stripe answers 500; credit covers 50 cents, the other 73 wait.
    billing.running.sandbox.failures.inject({ status: 500, path: "/v1/billing/meter_events" });
    const failing = await reportOverage(deps());
    expect(failing).toEqual({ recorded: 1, sent: 0, failed: 1 });

    // Run 2: Stripe takes the report, then the reporter dies before writing it down.
    const stripe = billing.stripe;
    const create = stripe.billing.meterEvents.create.bind(stripe.billing.meterEvents);
    stripe.billing.meterEvents.create = async (...args: Parameters<typeof create>) => {
      await create(...args);
      throw new Error("reporter crashed after Stripe accepted the event");
    };
    try {
      expect(await reportOverage(deps())).toEqual({ recorded: 0, sent: 0, failed: 1 });
    } finally {
      stripe.billing.meterEvents.create = create;
    }
    expect(meterEventsOf(stripeCustomerId).map((event) => event.payload.value)).toEqual(["73"]);

    // More usage, then two reporters at once: the old report is confirmed, the new 50 cents sent once.
    await spendAi(customerId, 500_000, "follow-up");
    const runs = await Promise.all([reportOverage(deps()), reportOverage(deps())]);
    expect(runs.reduce((sum, run) => sum + run.recorded, 0)).toBe(1);
    expect(runs.every((run) => run.failed === 0)).toBe(true);
    expect(await reportOverage(deps())).toEqual({ recorded: 0, sent: 0, failed: 0 });

    expect(meterEventsOf(stripeCustomerId).map((event) => event.payload.value)).toEqual([
      "73",
      "50",
    ]);
    const [check] = await reconcileMeter(deps(), { period: monthPeriod(), customerId });
    expect(check).toMatchObject({
      ledgerCents: 173,
      billedCents: 123,
      coveredCents: 50,
      pendingCents: 0,
      stripeCents: 123,
      matches: true,
    });
    const balance = await data.asService("test", (tx) =>
      customerBalance(tx, customerId, PLANS.pro, monthPeriod()),
    );
    // 50 cents of credit spent; 0.4567 of a cent not yet billable.
    expect(balance).toEqual({ creditMicros: 0, unbilledMicros: 4_567, balanceMicros: -4_567 });
  });

  it("flags a mismatch when Stripe's meter disagrees with the ledger", async () => {
    const { customerId, stripeCustomerId } = await payingCustomer();
    await spendAi(customerId, PLANS.pro.includedAiMicros + 300_000, "usage");
    await reportOverage(deps());
    await billing.stripe.billing.meterEvents.create({
      event_name: OVERAGE_METER_EVENT,
      payload: { stripe_customer_id: stripeCustomerId, value: "5" },
    });
    const [check] = await reconcileMeter(deps(), { period: monthPeriod(), customerId });
    expect(check).toMatchObject({ billedCents: 30, stripeCents: 35, matches: false });
  });

  it("pays a free customer's overage from credit only and never bills Stripe for it", async () => {
    const { customerId } = await createCustomer(db);
    await spendAi(customerId, PLANS.free.includedAiMicros + 800_000, "free-usage");
    await credit(customerId, 300_000, "trial");
    expect(await reportOverage(deps())).toMatchObject({ failed: 0 });
    const { rows } = await db.pool.query(
      "select billed_cents::int, covered_cents::int, status from public.meter_reports where customer_id = $1",
      [customerId],
    );
    expect(rows).toEqual([{ billed_cents: 0, covered_cents: 30, status: "covered" }]);
    const balance = await data.asService("test", (tx) =>
      customerBalance(tx, customerId, PLANS.free, monthPeriod()),
    );
    expect(balance).toEqual({ creditMicros: 0, unbilledMicros: 500_000, balanceMicros: -500_000 });
  });

  it("schedules one maintenance job that reports and sends due budget alerts", async () => {
    await scheduleMeterReporting(queues, { everyMs: 60_000 });
    await scheduleMeterReporting(queues, { everyMs: 60_000 });
    const schedulers = await queues.queue("maintenance").getJobSchedulers();
    expect(schedulers.map((s) => [s.key, s.name, s.every])).toEqual([
      [METER_REPORT_JOB, METER_REPORT_JOB, 60_000],
    ]);

    const { customerId, ownerChatId } = await createCustomer(db, { budgetMicros: 1_000_000 });
    await spendAi(customerId, 900_000, "nearly-there");
    const notifier = recordingNotifier();
    const process = createMeterReportingProcessor({ ...deps(), notifier });
    const result = await process();
    expect(result.failed).toBe(0);
    expect(notifier.sent).toContainEqual({
      chatId: ownerChatId,
      text: expect.stringContaining("80%"),
    });

    billing.running.sandbox.failures.inject({ status: 503, path: "/v1/billing/meter_events" });
    const { customerId: payer } = await payingCustomer();
    await spendAi(payer, PLANS.pro.includedAiMicros + 100_000, "more");
    await expect(process()).rejects.toBeInstanceOf(MeterReportingError);
    expect((await process()).failed).toBe(0);
  });

  it("settles last month's overage in the first hours of the new month, stamped inside last month", async () => {
    const { customerId, stripeCustomerId } = await payingCustomer();
    const current = monthPeriod();
    const last = previousPeriod(current);
    const lastMonthUsage = (costMicros: number, key: string) =>
      db.pool.query(
        `insert into public.usage_events (customer_id, kind, quantity, cost_micros, idempotency_key, occurred_at)
         values ($1, 'model_tokens', 1, $2, $3, $4)`,
        [
          customerId,
          costMicros,
          `${customerId}:${key}`,
          new Date(last.start.getTime() + 86_400_000),
        ],
      );
    const at = (hours: number) => () => new Date(current.start.getTime() + hours * 3_600_000);

    await lastMonthUsage(PLANS.pro.includedAiMicros + 200_000, "late-1");
    expect(await reportOverage({ ...deps(), now: at(1) })).toMatchObject({
      recorded: 1,
      failed: 0,
    });
    await lastMonthUsage(100_000, "late-2");
    expect(await reportOverage({ ...deps(), now: at(2) })).toMatchObject({
      recorded: 1,
      failed: 0,
    });
    await lastMonthUsage(100_000, "too-late");
    expect(await reportOverage({ ...deps(), now: at(7) })).toMatchObject({ recorded: 0 });

    const events = meterEventsOf(stripeCustomerId);
    expect(events.map((event) => [event.payload.value, event.timestamp])).toEqual([
      ["20", unixSeconds(current.start) - 1],
      ["10", unixSeconds(current.start) - 1],
    ]);
    const [check] = await reconcileMeter(deps(), { period: last, customerId });
    expect(check).toMatchObject({
      ledgerCents: 40,
      billedCents: 30,
      stripeCents: 30,
      matches: false,
    });
  });
});
