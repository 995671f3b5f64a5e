/**
 * What Mouse sells on Stripe: a monthly price per paid plan, found by its
 * lookup key, and one metered price backed by a Billing Meter for overage,
 * counted in cents. `ensureStripeCatalog` creates whatever is missing and is
 * safe to run on every start and from several processes at once.
 */
import type Stripe from "stripe";
import { PLANS, type PlanId } from "./plans.ts";

/** The meter's event name and the overage price's lookup key. */
export const OVERAGE_METER_EVENT = "mouse_overage_cents";
export const OVERAGE_LOOKUP_KEY = "mouse_overage_cents";

export type StripeCatalog = {
  meterId: string;
  overagePriceId: string;
  /** Recurring price per paid plan. */
  planPriceIds: Partial<Record<PlanId, string>>;
};

type PriceSpec = {
  lookupKey: string;
  productName: string;
  params: Omit<Stripe.PriceCreateParams, "product" | "lookup_key">;
};

function priceSpecs(meterId: string): PriceSpec[] {
  const plans = Object.values(PLANS).filter((plan) => plan.stripeLookupKey);
  return [
    ...plans.map((plan) => ({
      lookupKey: plan.stripeLookupKey!,
      productName: `Mouse ${plan.name}`,
      params: {
        currency: "usd",
        unit_amount: Math.round(plan.priceMicros / 10_000),
        recurring: { interval: "month" as const },
        metadata: { mouse_plan: plan.id },
      },
    })),
    {
      lookupKey: OVERAGE_LOOKUP_KEY,
      productName: "Mouse usage beyond the plan",
      params: {
        currency: "usd",
        unit_amount: 1,
        recurring: { interval: "month" as const, usage_type: "metered" as const, meter: meterId },
      },
    },
  ];
}

/** Creates the overage meter, products and prices that do not exist yet; returns their ids. */
export async function ensureStripeCatalog(stripe: Stripe): Promise<StripeCatalog> {
  const meter = await ensureMeter(stripe);
  const specs = priceSpecs(meter.id);
  const existing = await stripe.prices.list({
    lookup_keys: specs.map((spec) => spec.lookupKey),
    active: true,
    limit: 100,
  });
  const byKey = new Map(existing.data.map((price) => [price.lookup_key, price.id]));
  for (const spec of specs) {
    if (byKey.has(spec.lookupKey)) continue;
    const product = await ensureProduct(stripe, spec);
    const price = await stripe.prices.create(
      { ...spec.params, product: product.id, lookup_key: spec.lookupKey },
      { idempotencyKey: `mouse-catalog:price:${spec.lookupKey}` },
    );
    byKey.set(spec.lookupKey, price.id);
  }
  const planPriceIds: StripeCatalog["planPriceIds"] = {};
  for (const plan of Object.values(PLANS)) {
    const id = plan.stripeLookupKey && byKey.get(plan.stripeLookupKey);
    if (id) planPriceIds[plan.id] = id;
  }
  return { meterId: meter.id, overagePriceId: byKey.get(OVERAGE_LOOKUP_KEY)!, planPriceIds };
}

/** The active overage meter, or undefined before the catalog exists. */
export async function findOverageMeter(stripe: Stripe): Promise<Stripe.Billing.Meter | undefined> {
  for await (const meter of stripe.billing.meters.list({ status: "active", limit: 100 })) {
    if (meter.event_name === OVERAGE_METER_EVENT) return meter;
  }
  return undefined;
}

async function ensureMeter(stripe: Stripe): Promise<Stripe.Billing.Meter> {
  const found = await findOverageMeter(stripe);
  if (found) return found;
  return stripe.billing.meters.create(
    {
      display_name: "Mouse usage beyond the plan (cents)",
      event_name: OVERAGE_METER_EVENT,
      default_aggregation: { formula: "sum" },
      customer_mapping: { event_payload_key: "stripe_customer_id", type: "by_id" },
      value_settings: { event_payload_key: "value" },
    },
    { idempotencyKey: `mouse-catalog:meter:${OVERAGE_METER_EVENT}` },
  );
}

/** Reuses a product left by an earlier run that stopped before creating its price. */
async function ensureProduct(stripe: Stripe, spec: PriceSpec): Promise<Stripe.Product> {
  for await (const product of stripe.products.list({ active: true, limit: 100 })) {
    if (product.metadata?.mouse_catalog_key === spec.lookupKey) return product;
  }
  return stripe.products.create(
    { name: spec.productName, metadata: { mouse_catalog_key: spec.lookupKey } },
    { idempotencyKey: `mouse-catalog:product:${spec.lookupKey}` },
  );
}
