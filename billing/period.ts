/**
 * Billing periods are calendar months in UTC: included allowances, budgets
 * and alerts reset on the 1st. Stripe bills metered overage by event
 * timestamp, so reports are stamped inside the month they belong to.
 */
export type Period = { start: Date; end: Date };

/** The calendar month (UTC) that contains `at`. */
export function monthPeriod(at: Date = new Date()): Period {
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const end = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  return { start, end };
}

/** The month before `period`. */
export function previousPeriod(period: Period): Period {
  return monthPeriod(new Date(period.start.getTime() - 1));
}

/** `"2026-11"` for November 2026: the key stored with reports and alerts. */
export function periodKey(period: Period): string {
  return period.start.toISOString().slice(0, 7);
}

/** Parses `"YYYY-MM"` back into its month; throws on anything else. */
export function parsePeriodKey(key: string): Period {
  const match = /^(\d{4})-(\d{2})$/.exec(key);
  const month = Number(match?.[2]);
  if (!match || month < 1 || month > 12) throw new Error(`not a billing period: "${key}"`);
  return monthPeriod(new Date(Date.UTC(Number(match[1]), month - 1, 1)));
}

/** Unix seconds, as Stripe counts time. */
export function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
