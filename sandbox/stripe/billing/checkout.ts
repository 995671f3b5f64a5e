import { type SandboxDeps, unixSeconds } from "../context.ts";
import { invalidRequest, resourceMissing } from "../errors.ts";
import type { EventRequest } from "../events.ts";
import type { CheckoutSession, Customer, StripeObject } from "../types.ts";
import { createSubscriptionInvoice, settleInvoice } from "./invoices.ts";
import { createSubscription, currentPeriod } from "./subscriptions.ts";

/**
 * Completes an open checkout session as if the customer paid: creates the
 * customer if needed, then the active subscription and its paid first invoice
 * (subscription mode) or a succeeded payment intent (payment mode), and emits
 * the events Stripe would, ending with `checkout.session.completed`.
 */
export function completeCheckoutSession(
  deps: SandboxDeps,
  sessionId: string,
  request?: EventRequest,
): CheckoutSession {
  const { store, events } = deps;
  const session = store.checkoutSessions.get(sessionId);
  const details = store.checkoutDetails.get(sessionId);
  if (!session || !details) throw resourceMissing("checkout.session", sessionId);
  if (session.status !== "open") {
    throw invalidRequest(
      `This Checkout Session is ${session.status} and can no longer be completed.`,
    );
  }
  const emitOptions = request ? { request } : {};
  const now = unixSeconds(deps.clock);
  const needsCustomer = session.mode !== "payment" || details.customerCreation === "always";
  const customer = session.customer
    ? store.customers.get(session.customer)
    : needsCustomer
      ? createCheckoutCustomer(deps, session.customer_email, now)
      : undefined;
  if (customer && !session.customer) events.emit("customer.created", customer, emitOptions);

  if (session.mode === "subscription" && customer) {
    const subscription = createSubscription(deps, {
      customer: customer.id,
      items: details.lineItems.map((line) => ({ price: line.price, quantity: line.quantity })),
      metadata: details.subscription.metadata,
      applicationFeePercent: details.subscription.applicationFeePercent,
      destination: details.subscription.destination,
      description: details.subscription.description,
      start: now,
    });
    const invoice = createSubscriptionInvoice(deps, subscription, {
      billingReason: "subscription_create",
      period: currentPeriod(subscription),
    });
    subscription.latest_invoice = invoice.id;
    events.emit("customer.subscription.created", subscription, emitOptions);
    settleInvoice(deps, invoice, "paid", request);
    session.subscription = subscription.id;
    session.invoice = invoice.id;
  }
  if (session.mode === "payment") {
    const intent = createPaymentIntent(deps, session, customer?.id ?? null, now);
    events.emit("payment_intent.created", intent, emitOptions);
    events.emit("payment_intent.succeeded", intent, emitOptions);
    session.payment_intent = intent.id;
  }

  session.status = "complete";
  session.payment_status = session.amount_total > 0 ? "paid" : "no_payment_required";
  session.customer = customer?.id ?? null;
  session.customer_details = {
    address: null,
    email: customer?.email ?? session.customer_email,
    name: customer?.name ?? null,
    phone: null,
    tax_exempt: "none",
    tax_ids: [],
  };
  session.url = null;
  events.emit("checkout.session.completed", session, emitOptions);
  return session;
}

/** Expires an open session (`checkout.session.expired`), as `/expire` or timing out does. */
export function expireCheckoutSession(
  deps: SandboxDeps,
  sessionId: string,
  request?: EventRequest,
): CheckoutSession {
  const session = deps.store.checkoutSessions.get(sessionId);
  if (!session) throw resourceMissing("checkout.session", sessionId);
  if (session.status !== "open") {
    throw invalidRequest(`Only Checkout Sessions with a status in ["open"] can be expired.`);
  }
  session.status = "expired";
  session.url = null;
  deps.events.emit("checkout.session.expired", session, request ? { request } : {});
  return session;
}

function createCheckoutCustomer(deps: SandboxDeps, email: string | null, now: number): Customer {
  return deps.store.customers.put({
    id: deps.ids("cus"),
    object: "customer",
    address: null,
    balance: 0,
    created: now,
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    email,
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null },
    livemode: false,
    metadata: {},
    name: null,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  });
}

function createPaymentIntent(
  deps: SandboxDeps,
  session: CheckoutSession,
  customer: string | null,
  now: number,
): StripeObject {
  const payment = deps.store.checkoutDetails.get(session.id)!.payment;
  return deps.store.paymentIntents.put({
    id: deps.ids("pi", 24),
    object: "payment_intent",
    amount: session.amount_total,
    amount_received: session.amount_total,
    application_fee_amount: payment.applicationFeeAmount,
    created: now,
    currency: session.currency,
    customer,
    description: null,
    latest_charge: deps.ids("ch", 24),
    livemode: false,
    metadata: payment.metadata,
    payment_method_types: ["card"],
    status: "succeeded",
    transfer_data: payment.destination ? { destination: payment.destination } : null,
  });
}
