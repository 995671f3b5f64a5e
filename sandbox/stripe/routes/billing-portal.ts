import { Hono } from "hono";
import { type Env, eventRequest, pageBaseUrl, type SandboxDeps, unixSeconds } from "../context.ts";
import { parameterMissing, resourceMissing } from "../errors.ts";
import { optionalString } from "../params.ts";

/** `/v1/billing_portal/sessions`: create a portal session whose `url` opens the sandbox portal page. */
export function billingPortalRoutes(deps: SandboxDeps) {
  return new Hono<Env>().post("/sessions", (c) => {
    const p = c.var.params;
    const customer = optionalString(p.customer, "customer");
    if (!customer) throw parameterMissing("customer");
    if (!deps.store.customers.get(customer))
      throw resourceMissing("customer", customer, "customer");
    const id = deps.ids("bps");
    const session = deps.store.portalSessions.put({
      id,
      object: "billing_portal.session",
      configuration: optionalString(p.configuration, "configuration") ?? "bpc_sandbox_default",
      created: unixSeconds(deps.clock),
      customer,
      customer_account: null,
      flow: null,
      livemode: false,
      locale: optionalString(p.locale, "locale") ?? null,
      on_behalf_of: optionalString(p.on_behalf_of, "on_behalf_of") ?? null,
      return_url: optionalString(p.return_url, "return_url") ?? null,
      url: `${pageBaseUrl(c, deps)}/billing_portal/${id}`,
    });
    deps.events.emit("billing_portal.session.created", session, { request: eventRequest(c) });
    return c.json(session);
  });
}
