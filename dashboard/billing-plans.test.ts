/**
 * Paying and changing plans from the dashboard against the Stripe sandbox,
 * with its webhooks landing on our route: Checkout returns to a real billing
 * page showing the new plan, a paying customer is offered a change (never
 * "Subscribe" again), a suspended customer still reaches billing, and
 * browsers get HTML error pages with a way back while API clients keep JSON.
 */
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setAccountStatus } from "../accounts/index.ts";
import {
  createStripeClient,
  createStripeWebhookRoutes,
  ensureStripeCatalog,
} from "../billing/index.ts";
import { listen } from "../lib/index.ts";
import { type RunningStripeSandbox, startStripeSandbox } from "../sandbox/stripe/index.ts";
import { databaseBackends } from "../testing/index.ts";
import { startWebHarness, type WebHarness } from "./test-support.ts";

const SECRET = "whsec_dashboard_plans";
const HTML = { accept: "text/html,application/xhtml+xml" };

describe.each(databaseBackends())("plans on the billing page (%s)", (backend) => {
  let stripe: RunningStripeSandbox;
  let client: Stripe;
  let h: WebHarness;
  let webhooks: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    stripe = await startStripeSandbox({
      apiKeys: ["sk_test_plans"],
      webhookRetry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 1 },
      webhookSleep: async () => {},
    });
    client = createStripeClient({
      secretKey: "sk_test_plans",
      apiBase: stripe.url,
      maxNetworkRetries: 0,
    });
    h = await startWebHarness({ backend, extra: { stripe: client, portalOrigins: [stripe.url] } });
    webhooks = await listen(
      createStripeWebhookRoutes({ data: h.data, stripe: client, webhookSecret: SECRET }),
    );
    stripe.sandbox.addWebhookEndpoint({
      url: `${webhooks.url}/stripe/webhook`,
      secret: SECRET,
    });
    await ensureStripeCatalog(client);
    // Customer A starts on Free with nothing paid (the seed gives it a made-up subscription).
    await h.db.pool.query("delete from public.subscriptions where customer_id = $1", [h.f.ids.A]);
    await h.db.pool.query("update public.customers set plan = 'free' where id = $1", [h.f.ids.A]);
  });
  afterAll(async () => {
    await h?.close();
    await webhooks?.close();
    await stripe?.close();
  });

  const billingPath = () => `/c/${h.f.ids.A}/billing`;
  const plansOf = async (html: string) => ({
    subscribe: [...html.matchAll(/Subscribe to (\w+)/g)].map((m) => m[1]),
    switch: [...html.matchAll(/Switch to (\w+)/g)].map((m) => m[1]),
  });

  it("pays for Pro through Checkout, returns to the billing page on Pro, then switches to Team", async () => {
    const owner = await h.as("customerOwner");
    const before = await (await owner.get(billingPath())).text();
    expect(await plansOf(before)).toEqual({ subscribe: ["Pro", "Team"], switch: [] });

    const checkout = await owner.post(`${billingPath()}/checkout`, { plan: "pro" });
    expect(checkout.status).toBe(303);
    const page = new URL(checkout.headers.get("location")!);
    expect(page.origin).toBe(stripe.url);
    const sessionId = page.pathname.split("/").pop()!;
    const session = stripe.sandbox.store.checkoutSessions.get(sessionId)!;
    // Stripe sends the customer back to these, which must be real pages.
    expect(session.success_url).toMatch(/\/c\/[0-9a-f-]+\/billing\?checkout=done$/);
    expect(session.cancel_url).toMatch(/\/billing\?checkout=cancelled$/);
    stripe.sandbox.completeCheckoutSession(sessionId);
    await stripe.sandbox.webhooks.idle();

    const back = await owner.get(`${billingPath()}?checkout=done`, HTML);
    expect(back.status).toBe(200);
    const html = await back.text();
    expect(html).toContain("Payment received: you are on the Pro plan.");
    expect(html).toMatch(/data-plan="true">\s*Pro</);
    expect(await plansOf(html)).toEqual({ subscribe: [], switch: ["Team"] });

    // Checkout again is refused in plain words; the plan changes on the same subscription instead.
    const again = await owner.post(`${billingPath()}/checkout`, { plan: "team" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("You already pay for a plan");
    const change = await owner.post(`${billingPath()}/plan`, { plan: "team" });
    expect(change.status).toBe(303);
    expect(change.headers.get("location")).toBe(`${billingPath()}?plan=changed`);
    await stripe.sandbox.webhooks.idle();
    const team = await (await owner.get(billingPath())).text();
    expect(team).toMatch(/data-plan="true">\s*Team</);
    expect(await plansOf(team)).toEqual({ subscribe: [], switch: ["Pro"] });
    expect(stripe.sandbox.store.subscriptions.all()).toHaveLength(1);

    // Members see the plans but cannot change them.
    const member = await h.as("customerMember");
    expect((await member.post(`${billingPath()}/plan`, { plan: "pro" })).status).toBe(403);
    expect(await (await member.get(billingPath())).text()).toContain(
      "Owners and admins of Customer A can change the plan",
    );
  });

  it("lands /billing?checkout=… on the customer's billing page, or explains it to a visitor", async () => {
    const owner = await h.as("customerOwner");
    const landing = await owner.get("/billing?checkout=done", HTML);
    expect(landing.status).toBe(303);
    expect(landing.headers.get("location")).toBe(`${billingPath()}?checkout=done`);
    const visitor = await h.app.request("/billing?checkout=cancelled", { headers: HTML });
    expect(visitor.status).toBe(200);
    expect(visitor.headers.get("content-type")).toContain("text/html");
    expect(await visitor.text()).toContain("Checkout cancelled: nothing was charged");
  });

  it("keeps billing open to a suspended customer and says why it is suspended", async () => {
    const outcome = await setAccountStatus(h.data, {
      adminUserId: h.f.users.platformAdmin,
      kind: "customer",
      id: h.f.ids.A,
      status: "suspended",
      reason: "Two payments failed",
    });
    expect(outcome).toBe("changed");
    const page = await (await h.as("customerOwner")).get(billingPath());
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("This account is suspended: Two payments failed.");
    await setAccountStatus(h.data, {
      adminUserId: h.f.users.platformAdmin,
      kind: "customer",
      id: h.f.ids.A,
      status: "active",
    });
    expect(await (await (await h.as("customerOwner")).get(billingPath())).text()).not.toContain(
      "This account is suspended",
    );
  });

  it("answers browsers with HTML error pages that lead back, and API clients with JSON", async () => {
    const owner = await h.as("customerOwner");
    const missing = await owner.get("/no/such/page", HTML);
    expect(missing.status).toBe(404);
    const page = await missing.text();
    expect(page).toContain("Page not found");
    expect(page).toContain('href="/"');
    const json = await owner.get("/no/such/page", { accept: "application/json" });
    expect(json.status).toBe(404);
    expect(await json.json()).toMatchObject({ error: { status: 404 } });
    const api = await owner.get("/api/no/such/thing", HTML);
    expect(api.headers.get("content-type")).toContain("application/json");

    const forbidden = await (await h.as("customerViewer")).post(`${billingPath()}/plan`, {
      plan: "team",
    });
    expect(forbidden.status).toBe(403);
    const refusal = await forbidden.text();
    expect(refusal).toContain("You are not allowed to do that");
    expect(refusal).toContain("Go to your dashboard");
  });
});
