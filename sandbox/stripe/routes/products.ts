import { Hono } from "hono";
import { type Env, eventRequest, type SandboxDeps, unixSeconds } from "../context.ts";
import { invalidParam, resourceMissing } from "../errors.ts";
import { changedFields } from "../events.ts";
import { expandPaths } from "../expand.ts";
import type { Params } from "../form.ts";
import { paginate } from "../list.ts";
import {
  expandList,
  mergeMetadata,
  optionalBoolean,
  optionalString,
  requiredString,
} from "../params.ts";
import type { Product } from "../types.ts";

/** Creates a product from `name`, `id`, `description`, `metadata`, `active` (also `product_data`). */
export function createProduct(deps: SandboxDeps, p: Params, prefix = ""): Product {
  const name = requiredString(p.name, prefix ? `${prefix}[name]` : "name");
  const id = optionalString(p.id, "id") ?? deps.ids("prod");
  if (deps.store.products.get(id)) {
    throw invalidParam("id", "Product already exists.", "resource_already_exists");
  }
  const now = unixSeconds(deps.clock);
  return deps.store.products.put({
    id,
    object: "product",
    active: optionalBoolean(p.active, "active") ?? true,
    created: now,
    default_price: null,
    description: optionalString(p.description, "description") ?? null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: mergeMetadata({}, p.metadata),
    name,
    package_dimensions: null,
    shippable: null,
    tax_code: null,
    type: "service",
    unit_label: null,
    updated: now,
    url: null,
  });
}

/** `/v1/products`: create, retrieve, update, list. */
export function productRoutes(deps: SandboxDeps) {
  const { store, events } = deps;
  const find = (id: string): Product => {
    const product = store.products.get(id);
    if (!product) throw resourceMissing("product", id);
    return product;
  };

  return new Hono<Env>()
    .post("/", (c) => {
      const product = createProduct(deps, c.var.params);
      events.emit("product.created", product, { request: eventRequest(c) });
      return c.json(expandPaths(product, expandList(c.var.params), store.find));
    })
    .get("/", (c) => {
      const p = c.var.params;
      const active = optionalBoolean(p.active, "active");
      const rows = store.products
        .all()
        .filter((row) => active === undefined || row.active === active);
      return c.json(paginate(rows, p, "/v1/products", "product"));
    })
    .get("/:id", (c) =>
      c.json(expandPaths(find(c.req.param("id")), expandList(c.var.params), store.find)),
    )
    .post("/:id", (c) => {
      const product = find(c.req.param("id"));
      const p = c.var.params;
      const before = structuredClone(product);
      const name = optionalString(p.name, "name");
      if (name) product.name = name;
      const description = optionalString(p.description, "description");
      if (description !== undefined) product.description = description || null;
      product.active = optionalBoolean(p.active, "active") ?? product.active;
      product.metadata = mergeMetadata(product.metadata, p.metadata);
      const previous = changedFields(before, product);
      if (previous) {
        product.updated = unixSeconds(deps.clock);
        events.emit("product.updated", product, {
          previousAttributes: previous,
          request: eventRequest(c),
        });
      }
      return c.json(product);
    });
}
