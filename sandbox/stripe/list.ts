import { invalidParam, resourceMissing } from "./errors.ts";
import type { Params } from "./form.ts";
import { optionalInteger, optionalString } from "./params.ts";

/** Stripe's list envelope. */
export type ListObject<T> = { object: "list"; data: T[]; has_more: boolean; url: string };

/**
 * Pages `items` newest first with Stripe's `limit` (1–100, default 10),
 * `starting_after` and `ending_before` cursors.
 */
export function paginate<T extends { id: string; created: number }>(
  items: readonly T[],
  params: Params,
  url: string,
  noun = "object",
): ListObject<T> {
  const limit = optionalInteger(params.limit, "limit") ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalidParam(
      "limit",
      "This value must be between 1 and 100 (it currently is out of range).",
    );
  }
  // Insertion order breaks ties between objects created in the same second.
  const sorted = [...items].reverse().sort((a, b) => b.created - a.created);
  const after = optionalString(params.starting_after, "starting_after");
  const before = optionalString(params.ending_before, "ending_before");
  let window = sorted;
  if (after) {
    const index = sorted.findIndex((item) => item.id === after);
    if (index < 0) throw resourceMissing(noun, after, "starting_after");
    window = sorted.slice(index + 1);
  } else if (before) {
    const index = sorted.findIndex((item) => item.id === before);
    if (index < 0) throw resourceMissing(noun, before, "ending_before");
    const earlier = sorted.slice(0, index);
    const data = earlier.slice(Math.max(0, earlier.length - limit));
    return { object: "list", data, has_more: earlier.length > limit, url };
  }
  return { object: "list", data: window.slice(0, limit), has_more: window.length > limit, url };
}
