import type { Context } from "hono";
import { Hono } from "hono";
import { completeCheckoutSession, expireCheckoutSession } from "../billing/checkout.ts";
import { type Env, eventRequest, pageBaseUrl, type SandboxDeps, unixSeconds } from "../context.ts";
import { invalidParam, invalidRequest, parameterMissing, resourceMissing } from "../errors.ts";
import { expandPaths } from "../expand.ts";
import type { Params } from "../form.ts";
import { paginate } from "../list.ts";
import {
  expandList,
  mergeMetadata,
  optionalArray,
  optionalEnum,
  optionalInteger,
  optionalNumber,
  optionalObject,
  optionalString,
} from "../params.ts";
import type { CheckoutDetails, CheckoutSession, LineItem } from "../types.ts";
import { createPrice } from "./prices.ts";

const MODES = ["payment", "setup", "subscription"] as const;

/**
 * `/v1/checkout/sessions`: create, retrieve, list, line items, expire; plus
 * the test-mode helper `POST /v1/test_helpers/checkout/sessions/:id/complete`
 * (mounted separately) that pays the session.
 */
export function checkoutSessionRoutes(deps: SandboxDeps) {
  const { store } = deps;
  const find = (id: string): CheckoutSession => {
    const session = store.checkoutSessions.get(id);
    if (!session) throw resourceMissing("checkout.session", id);
    return session;
  };
  const view = (session: CheckoutSession, params: Params) => sessionView(deps, session, params);

  return new Hono<Env>()
    .post("/", (c) => c.json(view(createSession(deps, c), c.var.params)))
    .get("/", (c) => {
      const p = c.var.params;
      const customer = optionalString(p.customer, "customer");
      const subscription = optionalString(p.subscription, "subscription");
      const status = optionalString(p.status, "status");
      const rows = store.checkoutSessions
        .all()
        .filter(
          (row) =>
            (customer === undefined || row.customer === customer) &&
            (subscription === undefined || row.subscription === subscription) &&
            (status === undefined || row.status === status),
        );
      const page = paginate(rows, p, "/v1/checkout/sessions", "checkout.session");
      return c.json({ ...page, data: page.data.map((row) => view(row, {})) });
    })
    .get("/:id", (c) => c.json(view(find(c.req.param("id")), c.var.params)))
    .get("/:id/line_items", (c) => {
      const session = find(c.req.param("id"));
      const lines = store.checkoutDetails.get(session.id)?.lineItems ?? [];
      // Line items keep the order they were given in; sessions hold at most a few.
      const url = `/v1/checkout/sessions/${session.id}/line_items`;
      return c.json({ object: "list", data: lines, has_more: false, url });
    })
    .post("/:id/expire", (c) =>
      c.json(view(expireCheckoutSession(deps, c.req.param("id"), eventRequest(c)), c.var.params)),
    );
}

/** The sandbox-only completion endpoint, under `/v1/test_helpers/checkout/sessions`. */
export function checkoutTestHelperRoutes(deps: SandboxDeps) {
  return new Hono<Env>().post("/:id/complete", (c) => {
    const session = completeCheckoutSession(deps, c.req.param("id"), eventRequest(c));
    return c.json(sessionView(deps, session, c.var.params));
  });
}

/** A session as the API shows it: `line_items` only when expanded. */
function sessionView(deps: SandboxDeps, session: CheckoutSession, params: Params) {
  const paths = expandList(params);
  const view: Record<string, unknown> = { ...session };
  if (paths.includes("line_items")) {
    const data = deps.store.checkoutDetails.get(session.id)?.lineItems ?? [];
    view.line_items = {
      object: "list",
      data,
      has_more: false,
      url: `/v1/checkout/sessions/${session.id}/line_items`,
    };
  }
  const rest = paths.filter((path) => path !== "line_items");
  return expandPaths(view, rest, deps.store.find);
}

function createSession(deps: SandboxDeps, c: Context<Env>): CheckoutSession {
  const { store } = deps;
  const p = c.var.params;
  const mode = optionalEnum(p.mode, "mode", MODES);
  if (!mode) throw parameterMissing("mode");
  const customer = optionalString(p.customer, "customer") || null;
  const customerEmail = optionalString(p.customer_email, "customer_email") || null;
  if (customer && customerEmail) {
    throw invalidRequest("You may only specify one of these parameters: customer, customer_email.");
  }
  if (customer && !store.customers.get(customer))
    throw resourceMissing("customer", customer, "customer");
  const clientReferenceId = optionalString(p.client_reference_id, "client_reference_id") || null;
  if (clientReferenceId && clientReferenceId.length > 200) {
    throw invalidParam(
      "client_reference_id",
      "client_reference_id must be at most 200 characters.",
    );
  }

  const lineItems = readLineItems(deps, p, mode);
  const details: CheckoutDetails = {
    lineItems,
    customerCreation:
      optionalEnum(p.customer_creation, "customer_creation", ["always", "if_required"] as const) ??
      "if_required",
    subscription: readSubscriptionData(deps, c, mode),
    payment: readPaymentIntentData(deps, p),
  };
  const id = deps.ids("cs_test", 58);
  const now = unixSeconds(deps.clock);
  const total = lineItems.reduce((sum, line) => sum + line.amount_total, 0);
  const embedded = optionalString(p.ui_mode, "ui_mode") === "embedded";
  const session = store.checkoutSessions.put({
    id,
    object: "checkout.session",
    after_expiration: null,
    allow_promotion_codes: null,
    amount_subtotal: total,
    amount_total: total,
    automatic_tax: { enabled: false, liability: null, status: null },
    billing_address_collection: null,
    cancel_url: optionalString(p.cancel_url, "cancel_url") ?? null,
    client_reference_id: clientReferenceId,
    client_secret: embedded ? `${id}_secret_${deps.ids("x", 24).slice(2)}` : null,
    created: now,
    currency: lineItems[0]?.currency ?? optionalString(p.currency, "currency") ?? null,
    customer,
    customer_creation: customer ? null : details.customerCreation,
    customer_details: null,
    customer_email: customerEmail,
    expires_at: optionalInteger(p.expires_at, "expires_at") ?? now + 24 * 3600,
    invoice: null,
    livemode: false,
    locale: null,
    metadata: mergeMetadata({}, p.metadata),
    mode,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: mode === "subscription" ? "always" : null,
    payment_method_types: ["card"],
    payment_status: "unpaid",
    setup_intent: null,
    status: "open",
    submit_type: null,
    subscription: null,
    success_url: optionalString(p.success_url, "success_url") ?? null,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: embedded ? "embedded" : "hosted",
    url: embedded ? null : `${pageBaseUrl(c, deps)}/checkout/${id}`,
  });
  store.checkoutDetails.set(id, details);
  return session;
}

function readLineItems(deps: SandboxDeps, p: Params, mode: (typeof MODES)[number]): LineItem[] {
  const raw = optionalArray(p.line_items, "line_items");
  if (mode === "setup") return [];
  if (raw.length === 0) throw parameterMissing("line_items");
  const lines = raw.map((entry, index) => {
    const name = `line_items[${index}]`;
    const item = optionalObject(entry, name) ?? {};
    const priceId = optionalString(item.price, `${name}[price]`);
    const priceData = optionalObject(item.price_data, `${name}[price_data]`);
    if (!priceId && !priceData) throw parameterMissing(`${name}[price]`);
    const price = priceId
      ? deps.store.prices.get(priceId)
      : createPrice(deps, { ...priceData, active: "false" }, `${name}[price_data]`);
    if (!price) throw resourceMissing("price", priceId!, `${name}[price]`);
    const quantity = optionalInteger(item.quantity, `${name}[quantity]`) ?? null;
    const metered = price.recurring?.usage_type === "metered";
    if (metered && quantity !== null) {
      throw invalidParam(
        `${name}[quantity]`,
        `Quantity should not be specified where usage_type is \`metered\`. Remove quantity from \`${name}\`.`,
      );
    }
    if (!metered && quantity === null) {
      throw invalidParam(
        `${name}[quantity]`,
        `Quantity is required. Add \`quantity\` to \`${name}\`.`,
      );
    }
    const amount = metered ? 0 : (price.unit_amount ?? 0) * (quantity ?? 1);
    const product = deps.store.products.get(price.product);
    return {
      id: deps.ids("li", 24),
      object: "item" as const,
      amount_discount: 0,
      amount_subtotal: amount,
      amount_tax: 0,
      amount_total: amount,
      currency: price.currency,
      description: product?.name ?? "",
      price: structuredClone(price),
      quantity,
    };
  });
  const recurring = lines.some((line) => line.price.recurring);
  if (mode === "subscription" && !recurring) {
    throw invalidParam(
      "line_items",
      "You must provide at least one recurring price in `subscription` mode when using prices.",
    );
  }
  if (mode === "payment" && recurring) {
    throw invalidParam(
      "line_items",
      "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.",
    );
  }
  return lines;
}

function readSubscriptionData(
  deps: SandboxDeps,
  c: Context<Env>,
  mode: string,
): CheckoutDetails["subscription"] {
  const data = optionalObject(c.var.params.subscription_data, "subscription_data") ?? {};
  if (mode !== "subscription" && Object.keys(data).length > 0) {
    throw invalidParam(
      "subscription_data",
      "You can only use `subscription_data` in `subscription` mode.",
    );
  }
  const feePercent = optionalNumber(
    data.application_fee_percent,
    "subscription_data[application_fee_percent]",
  );
  if (feePercent !== undefined && (feePercent < 0 || feePercent > 100)) {
    throw invalidParam(
      "subscription_data[application_fee_percent]",
      "application_fee_percent must be between 0 and 100.",
    );
  }
  const destination = readDestination(deps, data.transfer_data, "subscription_data[transfer_data]");
  if (feePercent !== undefined && !destination && !c.req.header("stripe-account")) {
    throw invalidParam(
      "subscription_data[application_fee_percent]",
      "Can only apply an application_fee_percent when the request is made on behalf of another account (using an OAuth key, the Stripe-Account header, or the transfer_data[destination] parameter).",
    );
  }
  return {
    metadata: mergeMetadata({}, data.metadata),
    applicationFeePercent: feePercent ?? null,
    destination,
    description: optionalString(data.description, "subscription_data[description]") ?? null,
  };
}

function readPaymentIntentData(deps: SandboxDeps, p: Params): CheckoutDetails["payment"] {
  const data = optionalObject(p.payment_intent_data, "payment_intent_data") ?? {};
  return {
    metadata: mergeMetadata({}, data.metadata),
    applicationFeeAmount:
      optionalInteger(data.application_fee_amount, "payment_intent_data[application_fee_amount]") ??
      null,
    destination: readDestination(deps, data.transfer_data, "payment_intent_data[transfer_data]"),
  };
}

function readDestination(
  deps: SandboxDeps,
  value: Params[string] | undefined,
  name: string,
): string | null {
  const transfer = optionalObject(value, name);
  if (!transfer) return null;
  const destination = optionalString(transfer.destination, `${name}[destination]`);
  if (!destination) throw parameterMissing(`${name}[destination]`);
  if (!deps.store.accounts.get(destination)) {
    throw resourceMissing("account", destination, `${name}[destination]`);
  }
  return destination;
}
