import { Hono } from "hono";
import { type Env, pageBaseUrl, type SandboxDeps, unixSeconds } from "../context.ts";
import { parameterMissing, resourceMissing } from "../errors.ts";
import { paginate } from "../list.ts";
import { mergeMetadata, optionalEnum, optionalObject, optionalString } from "../params.ts";

/**
 * Minimal Connect: `/v1/accounts` create, retrieve, list. Sandbox accounts are
 * ready at once (charges and payouts enabled), so destination charges work.
 */
export function accountRoutes(deps: SandboxDeps) {
  const { store } = deps;
  return new Hono<Env>()
    .post("/", (c) => {
      const p = c.var.params;
      const type = optionalEnum(p.type, "type", ["custom", "express", "standard"] as const) ?? null;
      const capabilities = optionalObject(p.capabilities, "capabilities") ?? {};
      const account = store.accounts.put({
        id: deps.ids("acct", 16),
        object: "account",
        business_profile: { name: null, url: null },
        business_type: optionalString(p.business_type, "business_type") ?? null,
        capabilities: Object.fromEntries(Object.keys(capabilities).map((name) => [name, "active"])),
        charges_enabled: true,
        controller: optionalObject(p.controller, "controller") ?? { type: "application" },
        country: optionalString(p.country, "country") ?? "US",
        created: unixSeconds(deps.clock),
        default_currency: "usd",
        details_submitted: true,
        email: optionalString(p.email, "email") ?? null,
        livemode: false,
        metadata: mergeMetadata({}, p.metadata),
        payouts_enabled: true,
        type: type ?? "none",
      });
      return c.json(account);
    })
    .get("/", (c) =>
      c.json(paginate(store.accounts.all(), c.var.params, "/v1/accounts", "account")),
    )
    .get("/:id", (c) => {
      const id = c.req.param("id");
      const account = store.accounts.get(id);
      if (!account) throw resourceMissing("account", id);
      return c.json(account);
    });
}

/** `/v1/account_links`: onboarding links; the sandbox page just returns to `return_url`. */
export function accountLinkRoutes(deps: SandboxDeps) {
  return new Hono<Env>().post("/", (c) => {
    const p = c.var.params;
    const account = optionalString(p.account, "account");
    if (!account) throw parameterMissing("account");
    if (!deps.store.accounts.get(account)) throw resourceMissing("account", account, "account");
    const returnUrl = optionalString(p.return_url, "return_url") ?? "";
    const created = unixSeconds(deps.clock);
    return c.json({
      object: "account_link",
      created,
      expires_at: created + 300,
      url: `${pageBaseUrl(c, deps)}/connect/${account}?return_url=${encodeURIComponent(returnUrl)}`,
    });
  });
}
