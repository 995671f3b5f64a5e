import { invalidParam } from "./errors.ts";
import type { StripeObject } from "./types.ts";

type Lookup = (id: string) => StripeObject | undefined;

/**
 * Returns a copy of `value` with each `expand[]` path (`customer`,
 * `data.subscription`, `items.data.price.product`) replaced by the object
 * its id names, as Stripe does.
 */
export function expandPaths<T>(value: T, paths: readonly string[], lookup: Lookup): T {
  const copy = structuredClone(value);
  for (const path of paths) {
    if (path.split(".").length > 4) {
      throw invalidParam(
        "expand",
        `You cannot expand more than 4 levels of a property. Property: ${path}`,
      );
    }
    expandAt(copy, path.split("."), lookup, path);
  }
  return copy;
}

function expandAt(node: unknown, segments: string[], lookup: Lookup, path: string): void {
  if (Array.isArray(node)) {
    for (const entry of node) expandAt(entry, segments, lookup, path);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const [head, ...rest] = segments;
  if (head === undefined) return;
  const record = node as Record<string, unknown>;
  if (!(head in record)) {
    throw invalidParam("expand", `This property cannot be expanded (${path}).`);
  }
  const current = record[head];
  if (typeof current === "string") {
    const found = lookup(current);
    if (found) record[head] = structuredClone(found);
  }
  if (rest.length > 0) expandAt(record[head], rest, lookup, path);
}
