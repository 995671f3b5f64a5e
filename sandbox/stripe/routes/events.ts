import { Hono } from "hono";
import type { Env, SandboxDeps } from "../context.ts";
import { resourceMissing } from "../errors.ts";
import { paginate } from "../list.ts";
import { optionalArray, optionalString } from "../params.ts";

/** `/v1/events`: retrieve and list (by `type`, `types[]`), newest first. */
export function eventRoutes(deps: SandboxDeps) {
  const { store } = deps;
  return new Hono<Env>()
    .get("/", (c) => {
      const p = c.var.params;
      const type = optionalString(p.type, "type");
      const types = optionalArray(p.types, "types");
      const rows = store.events
        .all()
        .filter(
          (event) =>
            (type === undefined || matchesType(event.type, type)) &&
            (types.length === 0 || types.includes(event.type)),
        );
      return c.json(paginate(rows, p, "/v1/events", "event"));
    })
    .get("/:id", (c) => {
      const id = c.req.param("id");
      const event = store.events.get(id);
      if (!event) throw resourceMissing("event", id);
      return c.json(event);
    });
}

// Stripe lets `type` end in `*` to match a family, e.g. `customer.subscription.*`.
function matchesType(actual: string, wanted: string): boolean {
  return wanted.endsWith("*") ? actual.startsWith(wanted.slice(0, -1)) : actual === wanted;
}
