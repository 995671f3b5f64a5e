/** How `deliverBatch` orders events: as given, reversed, shuffled, or by explicit positions. */
export type BatchOrder = "as-given" | "reverse" | "shuffle" | readonly number[];

/** Reorders a batch of events for out-of-order delivery tests. */
export function reorder<T>(items: T[], order: BatchOrder, random: () => number = Math.random): T[] {
  if (order === "as-given") return items;
  if (order === "reverse") return [...items].reverse();
  if (order === "shuffle") {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }
  return order.map((index) => {
    const item = items[index];
    if (item === undefined) throw new Error(`deliverBatch order has no event at position ${index}`);
    return item;
  });
}
