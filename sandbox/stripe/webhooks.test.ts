import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningStripeSandbox, startStripeSandbox } from "./start.ts";
import { signWebhookPayload } from "./webhooks/signature.ts";
import { startVerifyingReceiver } from "./webhooks/test-receiver.ts";

const SECRET = "whsec_webhooks_test";
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A sandbox posting to a verifying receiver, with retries that wait no real time. */
async function setup(options: { failFirst?: number; maxAttempts?: number } = {}) {
  const receiver = await startVerifyingReceiver(SECRET, { failFirst: options.failFirst });
  const waits: number[] = [];
  const running: RunningStripeSandbox = await startStripeSandbox({
    webhookEndpoints: [{ url: receiver.url, secret: SECRET, enabledEvents: ["customer.created"] }],
    webhookRetry: { maxAttempts: options.maxAttempts ?? 4, initialDelayMs: 1000, maxDelayMs: 3000 },
    webhookSleep: async (ms) => {
      waits.push(ms);
    },
  });
  cleanups.push(running.close, receiver.close);
  const stripe = new Stripe("sk_test_webhooks", { ...running.clientConfig, maxNetworkRetries: 0 });
  return { receiver, running, stripe, waits };
}

describe("webhook delivery", () => {
  it("retries a failing endpoint with growing delays until it answers 2xx", async () => {
    const { receiver, running, stripe, waits } = await setup({ failFirst: 2 });
    const customer = await stripe.customers.create({ email: "retry@x.test" });
    await running.sandbox.webhooks.idle();

    expect(running.sandbox.webhooks.deliveries.map((d) => [d.attempt, d.status])).toEqual([
      [1, 503],
      [2, 503],
      [3, 200],
    ]);
    expect(waits).toEqual([1000, 2000]);
    expect(receiver.accepted.map((event) => (event.data.object as Stripe.Customer).id)).toEqual([
      customer.id,
    ]);
    const [event] = running.sandbox.events("customer.created");
    expect((await stripe.events.retrieve(event!.id)).pending_webhooks).toBe(0);
  });

  it("gives up after the last attempt and leaves the event pending", async () => {
    const { running, stripe, waits } = await setup({ failFirst: 10, maxAttempts: 3 });
    await stripe.customers.create({ email: "down@x.test" });
    await running.sandbox.webhooks.idle();
    expect(running.sandbox.webhooks.deliveries).toHaveLength(3);
    expect(waits).toEqual([1000, 2000]);
    expect(running.sandbox.events("customer.created")[0]?.pending_webhooks).toBe(1);
  });

  it("only sends the event types an endpoint enabled", async () => {
    const { receiver, running, stripe } = await setup();
    await stripe.products.create({ name: "not for this endpoint" });
    await stripe.customers.create({ email: "only@x.test" });
    await running.sandbox.webhooks.idle();
    expect(receiver.types()).toEqual(["customer.created"]);
  });

  it("delivers one event several times, and a batch in reverse or chosen order", async () => {
    const { receiver, running, stripe } = await setup();
    for (const n of [1, 2, 3]) await stripe.customers.create({ email: `batch${n}@x.test` });
    await running.sandbox.webhooks.idle();
    const events = running.sandbox.events("customer.created");
    receiver.accepted.length = 0;

    await running.sandbox.webhooks.deliver(events[0]!.id, { times: 3 });
    expect(receiver.accepted.map((event) => event.id)).toEqual([
      events[0]!.id,
      events[0]!.id,
      events[0]!.id,
    ]);

    receiver.accepted.length = 0;
    await running.sandbox.webhooks.deliverBatch(events);
    expect(receiver.accepted.map((event) => event.id)).toEqual(events.map((e) => e.id).reverse());

    receiver.accepted.length = 0;
    await running.sandbox.webhooks.deliverBatch(events, { order: [1, 2, 0] });
    expect(receiver.accepted.map((event) => event.id)).toEqual([
      events[1]!.id,
      events[2]!.id,
      events[0]!.id,
    ]);
  });

  it("registers endpoints through the API and returns the secret once", async () => {
    const { running, stripe } = await setup();
    let endpointSecret = "";
    const other = await startVerifyingReceiver(() => endpointSecret);
    cleanups.push(other.close);
    const endpoint = await stripe.webhookEndpoints.create({
      url: other.url,
      enabled_events: ["product.created"],
    });
    expect(endpoint.secret).toMatch(/^whsec_/);
    endpointSecret = endpoint.secret!;
    expect((await stripe.webhookEndpoints.retrieve(endpoint.id)).secret).toBeUndefined();

    const product = await stripe.products.create({ name: "Webhook product" });
    await running.sandbox.webhooks.idle();
    expect(other.types()).toEqual(["product.created"]);
    expect(other.accepted[0]?.data.object).toMatchObject({ id: product.id });

    await stripe.webhookEndpoints.del(endpoint.id);
    await stripe.products.create({ name: "after delete" });
    await running.sandbox.webhooks.idle();
    expect(running.sandbox.webhooks.deliveries.filter((d) => d.url === other.url)).toHaveLength(1);
  });
});

describe("signWebhookPayload", () => {
  it("matches stripe-node's own test header and fails with another secret", () => {
    const stripe = new Stripe("sk_test_sign");
    const payload = JSON.stringify({ id: "evt_1", object: "event" });
    const timestamp = Math.floor(Date.now() / 1000);
    const ours = signWebhookPayload(payload, SECRET, timestamp);
    expect(ours).toBe(
      stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET, timestamp }),
    );
    expect(stripe.webhooks.constructEvent(payload, ours, SECRET).id).toBe("evt_1");
    expect(() => stripe.webhooks.constructEvent(payload, ours, "whsec_other")).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });
});
