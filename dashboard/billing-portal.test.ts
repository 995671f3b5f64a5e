/**
 * The billing page's Stripe portal button against the Stripe sandbox: owners
 * and admins are sent to a portal session for their own Stripe customer;
 * members and viewers are refused, other tenants see nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStripeClient } from "../billing/index.ts";
import { type RunningStripeSandbox, startStripeSandbox } from "../sandbox/stripe/index.ts";
import { databaseBackends } from "../testing/index.ts";
import { startWebHarness, type WebHarness } from "./test-support.ts";

describe.each(databaseBackends())("billing portal (%s)", (backend) => {
  let stripe: RunningStripeSandbox;
  let h: WebHarness;
  beforeAll(async () => {
    stripe = await startStripeSandbox({ apiKeys: ["sk_test_portal"] });
    const client = createStripeClient({
      secretKey: "sk_test_portal",
      apiBase: stripe.url,
      maxNetworkRetries: 0,
    });
    h = await startWebHarness({ backend, extra: { stripe: client, portalOrigins: [stripe.url] } });
    const customer = await client.customers.create({ name: "Customer A" });
    await h.db.pool.query("update public.customers set stripe_customer_id = $2 where id = $1", [
      h.f.ids.A,
      customer.id,
    ]);
  });
  afterAll(async () => {
    await h?.close();
    await stripe?.close();
  });

  it("sends owners to their Stripe portal and refuses everyone else", async () => {
    const path = `/c/${h.f.ids.A}/billing/portal`;
    const page = await (await h.as("customerOwner")).get(`/c/${h.f.ids.A}/billing`);
    const html = await page.text();
    expect(html).toContain("Manage card and invoices");
    expect(page.headers.get("content-security-policy")).toContain(
      `form-action 'self' ${stripe.url}`,
    );
    const res = await (await h.as("customerOwner")).post(path);
    expect(res.status).toBe(303);
    const portal = new URL(res.headers.get("location")!);
    expect(portal.origin).toBe(stripe.url);
    for (const who of ["customerMember", "customerViewer"] as const) {
      expect((await (await h.as(who)).post(path)).status).toBe(403);
    }
    expect((await (await h.as("stranger")).post(path)).status).toBe(404);
    // A customer that never paid has no portal yet: a clear answer, not a crash.
    const d = await (await h.as("platformAdmin")).post(`/c/${h.f.ids.D}/billing/portal`);
    expect(d.status).toBe(409);
    expect(await d.text()).toContain("no paid plan yet");
  });
});
