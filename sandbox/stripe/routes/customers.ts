import { Hono } from "hono";
import { type Env, eventRequest, type SandboxDeps, unixSeconds } from "../context.ts";
import { invalidParam, resourceMissing } from "../errors.ts";
import { changedFields } from "../events.ts";
import { expandPaths } from "../expand.ts";
import type { Params } from "../form.ts";
import { paginate } from "../list.ts";
import { expandList, mergeMetadata, optionalString, requiredString } from "../params.ts";
import type { Customer } from "../types.ts";

/** `/v1/customers`: create, retrieve, update, delete, list (by email) and a small search. */
export function customerRoutes(deps: SandboxDeps) {
  const { store, events } = deps;
  const expand = <T>(value: T, params: Params) =>
    expandPaths(value, expandList(params), store.find);

  const find = (id: string): Customer => {
    const customer = store.customers.get(id);
    if (!customer) throw resourceMissing("customer", id);
    return customer;
  };

  return new Hono<Env>()
    .post("/", (c) => {
      const p = c.var.params;
      const customer = store.customers.put({
        id: deps.ids("cus"),
        object: "customer",
        address: null,
        balance: 0,
        created: unixSeconds(deps.clock),
        currency: null,
        default_source: null,
        delinquent: false,
        description: optionalString(p.description, "description") ?? null,
        email: optionalString(p.email, "email") ?? null,
        invoice_prefix: null,
        invoice_settings: { custom_fields: null, default_payment_method: null, footer: null },
        livemode: false,
        metadata: mergeMetadata({}, p.metadata),
        name: optionalString(p.name, "name") ?? null,
        phone: optionalString(p.phone, "phone") ?? null,
        preferred_locales: [],
        shipping: null,
        tax_exempt: "none",
        test_clock: null,
      });
      events.emit("customer.created", customer, { request: eventRequest(c) });
      return c.json(expand(customer, p));
    })
    .get("/", (c) => {
      const p = c.var.params;
      const email = optionalString(p.email, "email");
      const rows = store.customers
        .all()
        .filter((row) => !row.deleted && (email === undefined || row.email === email));
      return c.json(expand(paginate(rows, p, "/v1/customers", "customer"), p));
    })
    .get("/search", (c) => {
      const p = c.var.params;
      const matches = searchCustomers(store.customers.all(), requiredString(p.query, "query"));
      const page = paginate(matches, { limit: p.limit ?? "10" }, "/v1/customers/search");
      return c.json(
        expand(
          { ...page, object: "search_result", next_page: null, total_count: matches.length },
          p,
        ),
      );
    })
    .get("/:id", (c) => {
      const customer = find(c.req.param("id"));
      if (customer.deleted) return c.json({ id: customer.id, object: "customer", deleted: true });
      return c.json(expand(customer, c.var.params));
    })
    .post("/:id", (c) => {
      const customer = find(c.req.param("id"));
      const p = c.var.params;
      const before = structuredClone(customer);
      for (const field of ["email", "name", "description", "phone"] as const) {
        const value = optionalString(p[field], field);
        if (value !== undefined) customer[field] = value === "" ? null : value;
      }
      customer.metadata = mergeMetadata(customer.metadata, p.metadata);
      const previous = changedFields(before, customer);
      if (previous) {
        events.emit("customer.updated", customer, {
          previousAttributes: previous,
          request: eventRequest(c),
        });
      }
      return c.json(expand(customer, p));
    })
    .delete("/:id", (c) => {
      const customer = find(c.req.param("id"));
      customer.deleted = true;
      events.emit("customer.deleted", customer, { request: eventRequest(c) });
      return c.json({ id: customer.id, object: "customer", deleted: true });
    });
}

/**
 * Supports the clauses billing code uses: `email:'x'`, `name:'x'`,
 * `metadata['k']:'v'`, joined with AND.
 */
function searchCustomers(customers: Customer[], query: string): Customer[] {
  const clauses = query.split(/\s+AND\s+/i).map((clause) => {
    const match = /^(email|name|metadata\[['"]([^'"]+)['"]\])\s*:\s*['"](.*)['"]$/.exec(
      clause.trim(),
    );
    if (!match) throw invalidParam("query", `Invalid search query: ${clause.trim()}`);
    const [, field = "", metadataKey, value = ""] = match;
    return (customer: Customer) =>
      metadataKey !== undefined
        ? customer.metadata[metadataKey] === value
        : customer[field as "email" | "name"] === value;
  });
  return customers.filter(
    (customer) => !customer.deleted && clauses.every((test) => test(customer)),
  );
}
