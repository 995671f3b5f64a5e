import { Hono } from "hono";
import { type Env, type SandboxDeps, unixSeconds } from "../context.ts";
import { invalidParam, parameterMissing, resourceMissing } from "../errors.ts";
import { paginate } from "../list.ts";
import { mergeMetadata, optionalArray, optionalString, requiredString } from "../params.ts";
import type { WebhookEndpoint } from "../types.ts";

/** Registers an endpoint; the secret is shown only in the create response, as on Stripe. */
export function addWebhookEndpoint(
  deps: SandboxDeps,
  input: { url: string; enabledEvents?: string[]; secret?: string; description?: string | null },
): WebhookEndpoint {
  return deps.store.webhookEndpoints.put({
    id: deps.ids("we", 24),
    object: "webhook_endpoint",
    api_version: null,
    application: null,
    created: unixSeconds(deps.clock),
    description: input.description ?? null,
    enabled_events: input.enabledEvents ?? ["*"],
    livemode: false,
    metadata: {},
    secret: input.secret ?? deps.ids("whsec", 32),
    status: "enabled",
    url: input.url,
  });
}

/** `/v1/webhook_endpoints`: create (returns `secret`), retrieve, list, delete. */
export function webhookEndpointRoutes(deps: SandboxDeps) {
  const { store } = deps;
  const find = (id: string) => {
    const endpoint = store.webhookEndpoints.get(id);
    if (!endpoint || endpoint.status === "disabled") throw resourceMissing("webhook endpoint", id);
    return endpoint;
  };
  const hideSecret = ({ secret: _secret, ...endpoint }: WebhookEndpoint) => endpoint;

  return new Hono<Env>()
    .post("/", (c) => {
      const p = c.var.params;
      const url = requiredString(p.url, "url");
      if (!/^https?:\/\//.test(url))
        throw invalidParam("url", "Invalid URL: URL must be http or https.");
      const enabledEvents = optionalArray(p.enabled_events, "enabled_events").map((entry, index) =>
        requiredString(entry, `enabled_events[${index}]`),
      );
      if (enabledEvents.length === 0) throw parameterMissing("enabled_events");
      const endpoint = addWebhookEndpoint(deps, {
        url,
        enabledEvents,
        description: optionalString(p.description, "description") ?? null,
      });
      endpoint.metadata = mergeMetadata({}, p.metadata);
      return c.json(endpoint);
    })
    .get("/", (c) => {
      const rows = store.webhookEndpoints.all().filter((row) => row.status === "enabled");
      const page = paginate(rows, c.var.params, "/v1/webhook_endpoints", "webhook endpoint");
      return c.json({ ...page, data: page.data.map(hideSecret) });
    })
    .get("/:id", (c) => c.json(hideSecret(find(c.req.param("id")))))
    .delete("/:id", (c) => {
      const endpoint = find(c.req.param("id"));
      // Kept (disabled) rather than removed so the delivery log still names it.
      endpoint.status = "disabled";
      return c.json({ id: endpoint.id, object: "webhook_endpoint", deleted: true });
    });
}
