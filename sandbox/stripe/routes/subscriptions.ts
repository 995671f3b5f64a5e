import { Hono } from "hono";
import { cancelSubscription, updateSubscription } from "../billing/subscription-changes.ts";
import { currentPeriod, planOf, subscriptionItem } from "../billing/subscriptions.ts";
import { type Env, eventRequest, type SandboxDeps } from "../context.ts";
import { invalidParam, invalidRequest, resourceMissing } from "../errors.ts";
import { expandPaths } from "../expand.ts";
import type { Params } from "../form.ts";
import { paginate } from "../list.ts";
import {
  expandList,
  mergeMetadata,
  optionalArray,
  optionalBoolean,
  optionalInteger,
  optionalObject,
  optionalString,
} from "../params.ts";
import type { Price, Subscription } from "../types.ts";

/** `/v1/subscriptions`: retrieve, list, update (items, cancel_at_period_end, metadata), cancel. */
export function subscriptionRoutes(deps: SandboxDeps) {
  const { store } = deps;
  const find = (id: string): Subscription => {
    const subscription = store.subscriptions.get(id);
    if (!subscription) throw resourceMissing("subscription", id);
    return subscription;
  };
  const expand = <T>(value: T, params: Params) =>
    expandPaths(value, expandList(params), store.find);

  return new Hono<Env>()
    .get("/", (c) => {
      const p = c.var.params;
      const customer = optionalString(p.customer, "customer");
      const price = optionalString(p.price, "price");
      // Stripe leaves canceled subscriptions out unless asked for them.
      const status = optionalString(p.status, "status");
      const rows = store.subscriptions
        .all()
        .filter(
          (row) =>
            (customer === undefined || row.customer === customer) &&
            (price === undefined || row.items.data.some((item) => item.price.id === price)) &&
            (status === "all" ||
              (status === undefined ? row.status !== "canceled" : row.status === status)),
        );
      return c.json(expand(paginate(rows, p, "/v1/subscriptions", "subscription"), p));
    })
    .get("/:id", (c) => c.json(expand(find(c.req.param("id")), c.var.params)))
    .post("/:id", (c) => {
      const subscription = find(c.req.param("id"));
      const p = c.var.params;
      const cancelAtPeriodEnd = optionalBoolean(p.cancel_at_period_end, "cancel_at_period_end");
      if (subscription.status === "canceled" && (cancelAtPeriodEnd !== undefined || p.items)) {
        throw invalidRequest(
          `A canceled subscription can only update its cancellation_details and metadata. (${subscription.id})`,
        );
      }
      const itemChanges = readItemChanges(deps, subscription, p);
      updateSubscription(
        deps,
        subscription,
        (sub) => {
          sub.metadata = mergeMetadata(sub.metadata, p.metadata);
          const description = optionalString(p.description, "description");
          if (description !== undefined) sub.description = description || null;
          if (cancelAtPeriodEnd !== undefined) {
            sub.cancel_at_period_end = cancelAtPeriodEnd;
            sub.cancel_at = cancelAtPeriodEnd ? currentPeriod(sub).end : null;
          }
          itemChanges(sub);
        },
        eventRequest(c),
      );
      return c.json(expand(subscription, p));
    })
    .delete("/:id", (c) => {
      const subscription = find(c.req.param("id"));
      return c.json(expand(cancelSubscription(deps, subscription, eventRequest(c)), c.var.params));
    });
}

/**
 * Validates `items[n]` up front (id to change or remove, price to switch to or
 * add, quantity) and returns the edit to apply. Proration is not modelled.
 */
function readItemChanges(deps: SandboxDeps, subscription: Subscription, p: Params) {
  const edits = optionalArray(p.items, "items").map((entry, index) => {
    const name = `items[${index}]`;
    const item = optionalObject(entry, name) ?? {};
    const id = optionalString(item.id, `${name}[id]`);
    const existing = id ? subscription.items.data.find((row) => row.id === id) : undefined;
    if (id && !existing) throw resourceMissing("subscription item", id, `${name}[id]`);
    const priceId = optionalString(item.price, `${name}[price]`);
    const price = priceId ? deps.store.prices.get(priceId) : undefined;
    if (priceId && !price) throw resourceMissing("price", priceId, `${name}[price]`);
    if (price) checkRecurring(price, subscription, `${name}[price]`);
    if (!existing && !price) throw invalidParam(`${name}[price]`, "Missing required param: price.");
    const quantity = optionalInteger(item.quantity, `${name}[quantity]`);
    const target = price ?? existing!.price;
    if (quantity !== undefined && target.recurring?.usage_type === "metered") {
      throw invalidParam(
        `${name}[quantity]`,
        "Quantity should not be specified where usage_type is `metered`.",
      );
    }
    return {
      existing,
      price,
      quantity,
      deleted: optionalBoolean(item.deleted, `${name}[deleted]`),
    };
  });

  const removed = edits.filter((edit) => edit.existing && edit.deleted).length;
  const added = edits.filter((edit) => !edit.existing && edit.price).length;
  if (subscription.items.data.length - removed + added <= 0) {
    throw invalidRequest("A subscription must have at least one active item.");
  }

  return (sub: Subscription) => {
    const period = currentPeriod(sub);
    for (const edit of edits) {
      if (edit.existing && edit.deleted) {
        sub.items.data = sub.items.data.filter((row) => row.id !== edit.existing!.id);
      } else if (edit.existing) {
        if (edit.price) {
          edit.existing.price = structuredClone(edit.price);
          edit.existing.plan = planOf(edit.price);
          if (edit.price.recurring?.usage_type === "metered") delete edit.existing.quantity;
          else edit.existing.quantity ??= 1;
        }
        if (edit.quantity !== undefined) edit.existing.quantity = edit.quantity;
      } else if (edit.price) {
        sub.items.data.push(
          subscriptionItem(deps, sub.id, edit.price, edit.quantity ?? null, period),
        );
      }
    }
  };
}

function checkRecurring(price: Price, subscription: Subscription, param: string): void {
  if (!price.recurring) {
    throw invalidParam(
      param,
      "The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.",
    );
  }
  if (price.currency !== subscription.currency) {
    throw invalidParam(
      param,
      `The price specified uses currency \`${price.currency}\` but the subscription is in \`${subscription.currency}\`.`,
    );
  }
}
