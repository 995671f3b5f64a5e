import type { Recurring } from "../types.ts";

/**
 * The end of a billing period that starts at `start` (unix seconds): calendar
 * months and years in UTC, clamped to the month's last day as Stripe does.
 */
export function periodEnd(
  start: number,
  recurring: Pick<Recurring, "interval" | "interval_count">,
): number {
  const date = new Date(start * 1000);
  const count = recurring.interval_count;
  switch (recurring.interval) {
    case "day":
      return start + count * 86_400;
    case "week":
      return start + count * 7 * 86_400;
    case "month":
      return addMonths(date, count);
    case "year":
      return addMonths(date, 12 * count);
  }
}

function addMonths(date: Date, months: number): number {
  const day = date.getUTCDate();
  const target = new Date(date);
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return Math.floor(target.getTime() / 1000);
}
