import { Hono } from "hono";
import type { Env, SandboxDeps } from "../context.ts";
import { resourceMissing } from "../errors.ts";
import { expandPaths } from "../expand.ts";
import { paginate } from "../list.ts";
import { expandList, optionalString } from "../params.ts";

/** `/v1/invoices`: retrieve and list (by customer, subscription, status). */
export function invoiceRoutes(deps: SandboxDeps) {
  const { store } = deps;
  return new Hono<Env>()
    .get("/", (c) => {
      const p = c.var.params;
      const customer = optionalString(p.customer, "customer");
      const subscription = optionalString(p.subscription, "subscription");
      const status = optionalString(p.status, "status");
      const rows = store.invoices
        .all()
        .filter(
          (row) =>
            (customer === undefined || row.customer === customer) &&
            (subscription === undefined ||
              row.parent?.subscription_details.subscription === subscription) &&
            (status === undefined || row.status === status),
        );
      return c.json(
        expandPaths(paginate(rows, p, "/v1/invoices", "invoice"), expandList(p), store.find),
      );
    })
    .get("/:id", (c) => {
      const id = c.req.param("id");
      const invoice = store.invoices.get(id);
      if (!invoice) throw resourceMissing("invoice", id);
      return c.json(expandPaths(invoice, expandList(c.var.params), store.find));
    });
}

/** `/v1/payment_intents/:id`: retrieve the intents payment-mode checkouts create. */
export function paymentIntentRoutes(deps: SandboxDeps) {
  return new Hono<Env>().get("/:id", (c) => {
    const id = c.req.param("id");
    const intent = deps.store.paymentIntents.get(id);
    if (!intent) throw resourceMissing("payment_intent", id);
    return c.json(expandPaths(intent, expandList(c.var.params), deps.store.find));
  });
}
