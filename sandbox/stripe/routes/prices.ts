import { Hono } from "hono";
import { type Env, eventRequest, type SandboxDeps, unixSeconds } from "../context.ts";
import { invalidParam, parameterMissing, resourceMissing } from "../errors.ts";
import { changedFields } from "../events.ts";
import { expandPaths } from "../expand.ts";
import type { Params } from "../form.ts";
import { paginate } from "../list.ts";
import {
  expandList,
  mergeMetadata,
  optionalArray,
  optionalBoolean,
  optionalEnum,
  optionalInteger,
  optionalObject,
  optionalString,
  requiredString,
} from "../params.ts";
import type { Price, Recurring } from "../types.ts";
import { createProduct } from "./products.ts";

const INTERVALS = ["day", "month", "week", "year"] as const;

/**
 * Creates a price from Stripe's parameters (also `price_data` inside checkout
 * line items, whose wire names start with `prefix`). Metered prices must name
 * a billing meter, as they must since Stripe moved usage billing to meters.
 */
export function createPrice(deps: SandboxDeps, p: Params, prefix = ""): Price {
  const name = (field: string) => (prefix ? `${prefix}[${field}]` : field);
  const { store } = deps;
  const currency = requiredString(p.currency, name("currency")).toLowerCase();
  const productData = optionalObject(p.product_data, name("product_data"));
  let productId = optionalString(p.product, name("product"));
  if (!productId && productData)
    productId = createProduct(deps, productData, name("product_data")).id;
  if (!productId) throw parameterMissing(name("product"));
  if (!store.products.get(productId)) throw resourceMissing("product", productId, name("product"));

  const decimal = optionalString(p.unit_amount_decimal, name("unit_amount_decimal"));
  const unitAmount =
    optionalInteger(p.unit_amount, name("unit_amount")) ??
    (decimal !== undefined ? Math.round(Number(decimal)) : undefined);
  if (unitAmount === undefined) throw parameterMissing(name("unit_amount"));
  if (unitAmount < 0)
    throw invalidParam(name("unit_amount"), "This value must be greater than or equal to 0.");

  const recurring = readRecurring(deps, p, name);
  const lookupKey = optionalString(p.lookup_key, name("lookup_key")) || null;
  if (lookupKey)
    claimLookupKey(deps, lookupKey, optionalBoolean(p.transfer_lookup_key, "transfer_lookup_key"));

  return store.prices.put({
    id: deps.ids("price", 24),
    object: "price",
    active: optionalBoolean(p.active, name("active")) ?? true,
    billing_scheme: "per_unit",
    created: unixSeconds(deps.clock),
    currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: lookupKey,
    metadata: mergeMetadata({}, p.metadata),
    nickname: optionalString(p.nickname, name("nickname")) ?? null,
    product: productId,
    recurring,
    tax_behavior: optionalString(p.tax_behavior, name("tax_behavior")) ?? "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? "recurring" : "one_time",
    unit_amount: unitAmount,
    unit_amount_decimal: decimal ?? String(unitAmount),
  });
}

function readRecurring(
  deps: SandboxDeps,
  p: Params,
  name: (field: string) => string,
): Recurring | null {
  const recurring = optionalObject(p.recurring, name("recurring"));
  if (!recurring) return null;
  const base = name("recurring");
  const interval = optionalEnum(recurring.interval, `${base}[interval]`, INTERVALS);
  if (!interval) throw parameterMissing(`${base}[interval]`);
  const usageType =
    optionalEnum(recurring.usage_type, `${base}[usage_type]`, ["licensed", "metered"] as const) ??
    "licensed";
  const meter = optionalString(recurring.meter, `${base}[meter]`) ?? null;
  if (usageType === "metered" && !meter) {
    throw invalidParam(
      `${base}[meter]`,
      "Metered prices must be backed by a billing meter. Set `recurring[meter]` to the id of an active meter.",
    );
  }
  if (meter && !deps.store.meters.get(meter))
    throw resourceMissing("billing meter", meter, `${base}[meter]`);
  if (meter && usageType !== "metered") {
    throw invalidParam(
      `${base}[meter]`,
      "A meter can only be set on prices with `usage_type=metered`.",
    );
  }
  return {
    interval,
    interval_count: optionalInteger(recurring.interval_count, `${base}[interval_count]`) ?? 1,
    meter,
    trial_period_days: null,
    usage_type: usageType,
  };
}

function claimLookupKey(deps: SandboxDeps, key: string, transfer: boolean | undefined): void {
  const holder = deps.store.prices.all().find((price) => price.lookup_key === key);
  if (!holder) return;
  if (!transfer) {
    throw invalidParam(
      "lookup_key",
      `A price (\`${holder.id}\`) already uses that lookup key. Set \`transfer_lookup_key\` to move it to this price.`,
    );
  }
  holder.lookup_key = null;
}

/** `/v1/prices`: create, retrieve, update, list (by product, active, lookup keys, type). */
export function priceRoutes(deps: SandboxDeps) {
  const { store, events } = deps;
  const find = (id: string): Price => {
    const price = store.prices.get(id);
    if (!price) throw resourceMissing("price", id);
    return price;
  };

  return new Hono<Env>()
    .post("/", (c) => {
      const price = createPrice(deps, c.var.params);
      events.emit("price.created", price, { request: eventRequest(c) });
      return c.json(expandPaths(price, expandList(c.var.params), store.find));
    })
    .get("/", (c) => {
      const p = c.var.params;
      const product = optionalString(p.product, "product");
      const active = optionalBoolean(p.active, "active");
      const type = optionalString(p.type, "type");
      const lookupKeys = optionalArray(p.lookup_keys, "lookup_keys");
      const rows = store.prices
        .all()
        .filter(
          (row) =>
            (product === undefined || row.product === product) &&
            (active === undefined || row.active === active) &&
            (type === undefined || row.type === type) &&
            (lookupKeys.length === 0 || lookupKeys.includes(row.lookup_key ?? "")),
        );
      return c.json(
        expandPaths(paginate(rows, p, "/v1/prices", "price"), expandList(p), store.find),
      );
    })
    .get("/:id", (c) =>
      c.json(expandPaths(find(c.req.param("id")), expandList(c.var.params), store.find)),
    )
    .post("/:id", (c) => {
      const price = find(c.req.param("id"));
      const p = c.var.params;
      const before = structuredClone(price);
      price.active = optionalBoolean(p.active, "active") ?? price.active;
      price.metadata = mergeMetadata(price.metadata, p.metadata);
      const nickname = optionalString(p.nickname, "nickname");
      if (nickname !== undefined) price.nickname = nickname || null;
      const lookupKey = optionalString(p.lookup_key, "lookup_key");
      if (lookupKey !== undefined && lookupKey !== price.lookup_key) {
        if (lookupKey)
          claimLookupKey(
            deps,
            lookupKey,
            optionalBoolean(p.transfer_lookup_key, "transfer_lookup_key"),
          );
        price.lookup_key = lookupKey || null;
      }
      const previous = changedFields(before, price);
      if (previous)
        events.emit("price.updated", price, {
          previousAttributes: previous,
          request: eventRequest(c),
        });
      return c.json(price);
    });
}
