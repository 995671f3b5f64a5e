import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningStripeSandbox, startStripeSandbox } from "./start.ts";

let running: RunningStripeSandbox;
let stripe: Stripe;

beforeAll(async () => {
  running = await startStripeSandbox({ apiKeys: ["sk_test_mouse"] });
  stripe = new Stripe("sk_test_mouse", { ...running.clientConfig, maxNetworkRetries: 0 });
});

afterAll(() => running.close());

describe("Idempotency-Key", () => {
  it("replays the first response for the same key and parameters", async () => {
    const params = { email: "same@key.test", metadata: { telegram_id: "7" } };
    const first = await stripe.customers.create(params, { idempotencyKey: "signup-7" });
    const again = await stripe.customers.create(params, { idempotencyKey: "signup-7" });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(first.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    const stored = running.sandbox.store.customers
      .all()
      .filter((row) => row.email === params.email);
    expect(stored).toHaveLength(1);
    expect(
      running.sandbox
        .events("customer.created")
        .filter((event) => event.data.object.id === first.id),
    ).toHaveLength(1);
  });

  it("refuses the same key with different parameters or another endpoint", async () => {
    await stripe.customers.create({ email: "a@key.test" }, { idempotencyKey: "k-conflict" });
    const otherParams = stripe.customers.create(
      { email: "b@key.test" },
      { idempotencyKey: "k-conflict" },
    );
    await expect(otherParams).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    await expect(otherParams).rejects.toMatchObject({
      statusCode: 400,
      rawType: "idempotency_error",
      message: expect.stringContaining("same parameters they were first used with"),
    });
    await expect(
      stripe.products.create({ name: "x" }, { idempotencyKey: "k-conflict" }),
    ).rejects.toThrow("same endpoint they were first used for");
  });

  it("does not remember a request that failed validation", async () => {
    const product = await stripe.products.create({ name: "Plan" });
    await expect(
      stripe.prices.create({ product: product.id, unit_amount: 100 } as Stripe.PriceCreateParams, {
        idempotencyKey: "price-1",
      }),
    ).rejects.toMatchObject({ code: "parameter_missing", param: "currency" });
    const price = await stripe.prices.create(
      { product: product.id, unit_amount: 100, currency: "usd" },
      { idempotencyKey: "price-1" },
    );
    expect(price.currency).toBe("usd");
  });
});

describe("Stripe-shaped errors", () => {
  it("answers an unknown id with 404 resource_missing", async () => {
    const attempt = stripe.customers.retrieve("cus_missing");
    await expect(attempt).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    await expect(attempt).rejects.toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      param: "id",
      message: "No such customer: 'cus_missing'",
    });
  });

  it("answers a bad or missing key with 401", async () => {
    const wrongKey = new Stripe("sk_test_wrong", { ...running.clientConfig, maxNetworkRetries: 0 });
    const attempt = wrongKey.customers.list();
    await expect(attempt).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    await expect(attempt).rejects.toThrow("Invalid API Key provided: sk_test_*");

    const anonymous = await fetch(`${running.url}/v1/customers`);
    expect(anonymous.status).toBe(401);
    const body = (await anonymous.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toContain("You did not provide an API key");
  });

  it("names the missing parameter", async () => {
    await expect(
      stripe.checkout.sessions.create({
        line_items: [],
      } as unknown as Stripe.Checkout.SessionCreateParams),
    ).rejects.toMatchObject({ code: "parameter_missing", param: "mode", statusCode: 400 });
  });

  it("answers unknown URLs like Stripe", async () => {
    const response = await fetch(`${running.url}/v1/nothing_here`, {
      headers: { authorization: "Bearer sk_test_mouse" },
    });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain("Unrecognized request URL (GET: /v1/nothing_here)");
  });
});

describe("failure injection", () => {
  it("fails the next call with 500 and a retrying client recovers without duplicates", async () => {
    running.sandbox.failures.inject({ status: 500, method: "POST", path: "/v1/customers" });
    await expect(stripe.customers.create({ email: "flaky@x.test" })).rejects.toBeInstanceOf(
      Stripe.errors.StripeAPIError,
    );

    const retrying = new Stripe("sk_test_mouse", { ...running.clientConfig, maxNetworkRetries: 1 });
    running.sandbox.failures.inject({ status: 500, path: "/v1/customers" });
    const customer = await retrying.customers.create({ email: "retried@x.test" });
    expect(customer.email).toBe("retried@x.test");
    expect(running.sandbox.failures.remaining()).toBe(0);
    expect(
      running.sandbox.store.customers.all().filter((row) => row.email === "retried@x.test"),
    ).toHaveLength(1);
  });

  it("answers 429 as a rate limit", async () => {
    running.sandbox.failures.inject({ status: 429, count: 2 });
    await expect(stripe.customers.list()).rejects.toBeInstanceOf(
      Stripe.errors.StripeRateLimitError,
    );
    await expect(stripe.products.list()).rejects.toMatchObject({
      code: "rate_limit",
      statusCode: 429,
    });
    await expect(stripe.customers.list()).resolves.toMatchObject({ object: "list" });
  });

  it("adds latency that a client timeout notices", async () => {
    running.sandbox.failures.inject({ latencyMs: 1000 });
    const impatient = new Stripe("sk_test_mouse", {
      ...running.clientConfig,
      maxNetworkRetries: 0,
      timeout: 50,
    });
    await expect(impatient.customers.list()).rejects.toBeInstanceOf(
      Stripe.errors.StripeConnectionError,
    );
  });
});

describe("lists", () => {
  it("pages newest first with limit and starting_after, and filters by email", async () => {
    for (const n of [1, 2, 3])
      await stripe.customers.create({ email: `page${n}@list.test`, name: "Pager" });
    const search = await stripe.customers.search({ query: "name:'Pager'" });
    expect(search.data).toHaveLength(3);
    const first = await stripe.customers.list({ limit: 2 });
    expect(first.has_more).toBe(true);
    const all: string[] = [];
    for await (const customer of stripe.customers.list({ limit: 2 })) all.push(customer.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(running.sandbox.store.customers.all().length);
    const byEmail = await stripe.customers.list({ email: "page2@list.test" });
    expect(byEmail.data.map((customer) => customer.email)).toEqual(["page2@list.test"]);
  });
});
