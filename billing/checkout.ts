/**
 * Starting and managing a subscription: Stripe Checkout to pick or change a
 * plan, the customer portal for card, invoices and cancellation. The state
 * itself arrives later through webhooks (webhook-events.ts), never from here.
 */
import { randomUUID } from "node:crypto";
import {
  activeSubscriptionId,
  ensureStripeCustomer,
  loadBillingCustomer,
  type StripeDeps,
} from "./billing-customer.ts";
import { OVERAGE_LOOKUP_KEY } from "./catalog.ts";
import { BillingError } from "./errors.ts";
import { PLANS, type PlanId } from "./plans.ts";

export type CheckoutRequest = {
  customerId: string;
  plan: PlanId;
  successUrl: string;
  cancelUrl: string;
  /** When given, this user must manage the customer (its owner or admin, its reseller's, or a platform admin). */
  userId?: string;
  /** The same id returns the same session (a retried request); default a new session per call. */
  requestId?: string;
};

/**
 * Opens a Stripe Checkout session (mode subscription) for a paid plan: the
 * plan's price plus the metered overage price. Customers of a reseller with
 * a Connect account pay by destination charge: the reseller receives its
 * revenue share, the platform keeps the rest as application fee.
 */
export async function createCheckout(
  deps: StripeDeps,
  request: CheckoutRequest,
): Promise<{ sessionId: string; url: string }> {
  const plan = PLANS[request.plan];
  if (!plan?.stripeLookupKey) {
    throw new BillingError(`"${request.plan}" is not a plan you can buy`, "unknown_plan");
  }
  const customer = await loadBillingCustomer(deps.data, request.customerId, request.userId);
  if (await activeSubscriptionId(deps.data, customer.id)) {
    throw new BillingError(
      "This customer already has a paid plan: change it with changePlan or the portal",
      "already_subscribed",
    );
  }
  const stripeCustomer = await ensureStripeCustomer(deps, customer);
  const prices = await deps.stripe.prices.list({
    lookup_keys: [plan.stripeLookupKey, OVERAGE_LOOKUP_KEY],
    active: true,
  });
  const priceFor = (key: string) => {
    const price = prices.data.find((row) => row.lookup_key === key);
    if (!price) throw new BillingError(`Stripe has no price "${key}"`, "not_configured");
    return price.id;
  };
  const metadata = { mouse_customer_id: customer.id, mouse_plan: plan.id };
  const connect =
    customer.stripe_account_id && customer.revenue_share_bps !== null
      ? {
          transfer_data: { destination: customer.stripe_account_id },
          // The platform's cut; the reseller keeps its share of every invoice.
          application_fee_percent: (10_000 - customer.revenue_share_bps) / 100,
        }
      : {};
  const session = await deps.stripe.checkout.sessions.create(
    {
      mode: "subscription",
      customer: stripeCustomer,
      client_reference_id: customer.id,
      line_items: [
        { price: priceFor(plan.stripeLookupKey), quantity: 1 },
        { price: priceFor(OVERAGE_LOOKUP_KEY) },
      ],
      success_url: request.successUrl,
      cancel_url: request.cancelUrl,
      metadata,
      subscription_data: { metadata, ...connect },
    },
    {
      idempotencyKey: `mouse-checkout:${customer.id}:${plan.id}:${request.requestId ?? randomUUID()}`,
    },
  );
  if (!session.url)
    throw new BillingError("Stripe returned a session without a URL", "not_configured");
  return { sessionId: session.id, url: session.url };
}

/** A Stripe customer portal link for managing the card, invoices and cancellation. */
export async function createPortal(
  deps: StripeDeps,
  request: { customerId: string; returnUrl: string; userId?: string },
): Promise<{ url: string }> {
  const customer = await loadBillingCustomer(deps.data, request.customerId, request.userId);
  if (!customer.stripe_customer_id) {
    throw new BillingError("This customer has no paid plan yet: choose one first", "not_allowed");
  }
  const session = await deps.stripe.billingPortal.sessions.create(
    { customer: customer.stripe_customer_id, return_url: request.returnUrl },
    { idempotencyKey: `mouse-portal:${customer.id}:${randomUUID()}` },
  );
  return { url: session.url };
}
