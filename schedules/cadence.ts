/**
 * When a schedule runs next, in the customer's time zone. Every cadence a
 * customer can ask for is compiled to one cron pattern and computed by
 * croner, which reads the pattern in an IANA zone: "every day at 08:00" in
 * Europe/Berlin is 07:00 UTC in winter and 06:00 UTC in summer, a time that
 * does not exist on the spring-forward day moves to the first one that does,
 * and a time that happens twice on the fall-back day runs once. So daily,
 * weekdays, weekly, monthly, every N hours, every N minutes and the API's own
 * cron expressions all share one computation. The one thing cron cannot say
 * is "the 31st, or the month's last day when it is shorter": monthly days
 * past the 28th run the pattern over days 28–31 and keep the one that is
 * `min(day, last day of that month)`.
 *
 * Pure: no clock, no database. `now` is always passed in.
 */
import { Cron } from "croner";
import { catalogue, type Locale } from "../i18n/index.ts";

export type Cadence =
  | { kind: "daily"; at: string }
  | { kind: "weekdays"; at: string }
  /** `days`: 0 = Sunday … 6 = Saturday. */
  | { kind: "weekly"; at: string; days: number[] }
  /** `day`: 1–31; past the month's end it means the month's last day. */
  | { kind: "monthly"; at: string; day: number }
  /** Every N hours (N divides 24), at `minute` past the hour. */
  | { kind: "hourly"; every: number; minute: number }
  /** Every N minutes (N divides 60): the demo's "every minute"; production enforces the minimum interval. */
  | { kind: "minutely"; every: number }
  /** A five-field cron expression (minute hour day-of-month month day-of-week), in the customer's zone. */
  | { kind: "cron"; expression: string };

/** The least time between two runs of a production schedule. */
export const MIN_INTERVAL_MS = 15 * 60_000;

/** A cadence the scheduler cannot run; `message` is safe to show the customer. */
export class InvalidCadenceError extends Error {
  override name = "InvalidCadenceError";
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
export const WEEKDAY_NAMES = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
] as const;

function parseAt(at: string): [hour: number, minute: number] {
  const match = HHMM.exec(at);
  if (!match) throw new InvalidCadenceError(`"${at}" is not a time of day like 08:00.`);
  return [Number(match[1]), Number(match[2])];
}

/** The cron pattern a cadence runs on (for monthly days past the 28th, before filtering). */
export function cronPattern(cadence: Cadence): string {
  switch (cadence.kind) {
    case "daily":
    case "weekdays":
    case "weekly":
    case "monthly": {
      const [hour, minute] = parseAt(cadence.at);
      if (cadence.kind === "daily") return `${minute} ${hour} * * *`;
      if (cadence.kind === "weekdays") return `${minute} ${hour} * * 1-5`;
      if (cadence.kind === "weekly") {
        const days = [...new Set(cadence.days)].sort();
        if (days.length === 0 || days.some((d) => !Number.isInteger(d) || d < 0 || d > 6))
          throw new InvalidCadenceError("A weekly schedule needs one or more days of the week.");
        return `${minute} ${hour} * * ${days.join(",")}`;
      }
      if (!Number.isInteger(cadence.day) || cadence.day < 1 || cadence.day > 31)
        throw new InvalidCadenceError("A monthly schedule runs on a day from 1 to 31.");
      return cadence.day > 28
        ? `${minute} ${hour} 28-31 * *`
        : `${minute} ${hour} ${cadence.day} * *`;
    }
    case "hourly":
      if (!Number.isInteger(cadence.every) || cadence.every < 1 || 24 % cadence.every !== 0)
        throw new InvalidCadenceError("Every N hours needs N to be 1, 2, 3, 4, 6, 8, 12 or 24.");
      if (!Number.isInteger(cadence.minute) || cadence.minute < 0 || cadence.minute > 59)
        throw new InvalidCadenceError("The minute past the hour is 0 to 59.");
      return cadence.every === 24
        ? `${cadence.minute} 0 * * *`
        : `${cadence.minute} */${cadence.every} * * *`;
    case "minutely":
      if (!Number.isInteger(cadence.every) || cadence.every < 1 || 60 % cadence.every !== 0)
        throw new InvalidCadenceError("Every N minutes needs N to divide 60.");
      return `*/${cadence.every} * * * *`;
    case "cron": {
      const fields = cadence.expression.trim().split(/\s+/);
      if (fields.length !== 5)
        throw new InvalidCadenceError(
          "A cron expression has five fields: minute hour day-of-month month day-of-week.",
        );
      return fields.join(" ");
    }
  }
}

function compile(cadence: Cadence, timeZone: string): Cron {
  const pattern = cronPattern(cadence);
  try {
    return new Cron(pattern, { timezone: timeZone, paused: true });
  } catch (error) {
    throw new InvalidCadenceError(`That schedule cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/** The calendar day of `instant` in `timeZone`. */
function localDate(instant: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "numeric",
    day: "numeric",
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get("year"), month: get("month") - 1, day: get("day") };
}

/**
 * The first run strictly after `after`, in `timeZone` (an IANA name).
 * Throws `InvalidCadenceError` for a cadence or zone that cannot run.
 */
export function nextRun(cadence: Cadence, timeZone: string, after: Date): Date {
  const cron = compile(cadence, timeZone);
  let from = after;
  // Monthly past the 28th: at most four candidates a month, one of them right.
  for (let i = 0; i < 60; i++) {
    let next: Date | null;
    try {
      next = cron.nextRun(from);
    } catch (error) {
      throw new InvalidCadenceError(`"${timeZone}" is not a time zone.`, { cause: error });
    }
    if (!next) throw new InvalidCadenceError("That schedule never runs.");
    if (cadence.kind !== "monthly" || cadence.day <= 28) return next;
    const local = localDate(next, timeZone);
    if (local.day === Math.min(cadence.day, daysInMonth(local.year, local.month))) return next;
    from = next;
  }
  throw new InvalidCadenceError("That schedule never runs.");
}

/** The next `count` runs after `after`. */
export function nextRuns(cadence: Cadence, timeZone: string, after: Date, count: number): Date[] {
  const runs: Date[] = [];
  let from = after;
  for (let i = 0; i < count; i++) {
    from = nextRun(cadence, timeZone, from);
    runs.push(from);
  }
  return runs;
}

/**
 * Checks a cadence can run in `timeZone` and, unless `minIntervalMs` is 0,
 * that no two of its next runs (over about a year for sparse ones) are closer
 * than the minimum interval. Returns the first run after `now`.
 */
export function validateCadence(
  cadence: Cadence,
  timeZone: string,
  now: Date,
  { minIntervalMs = MIN_INTERVAL_MS }: { minIntervalMs?: number } = {},
): Date {
  const runs = nextRuns(cadence, timeZone, now, 25);
  if (minIntervalMs > 0) {
    for (let i = 1; i < runs.length; i++) {
      if (runs[i]!.getTime() - runs[i - 1]!.getTime() < minIntervalMs)
        throw new InvalidCadenceError(
          `Runs must be at least ${Math.round(minIntervalMs / 60_000)} minutes apart.`,
        );
    }
  }
  return runs[0]!;
}

/** How a cadence reads to the customer, e.g. "every weekday at 08:00". */
export function describeCadence(cadence: Cadence): string {
  switch (cadence.kind) {
    case "daily":
      return `every day at ${cadence.at}`;
    case "weekdays":
      return `every weekday at ${cadence.at}`;
    case "weekly":
      return `every ${[...new Set(cadence.days)]
        .sort()
        .map((d) => WEEKDAY_NAMES[d] ?? "?")
        .join(", ")} at ${cadence.at}`;
    case "monthly":
      return `monthly on the ${ordinal(cadence.day)}${cadence.day > 28 ? " (or the month's last day)" : ""} at ${cadence.at}`;
    case "hourly":
      return cadence.every === 1
        ? `every hour at :${String(cadence.minute).padStart(2, "0")}`
        : `every ${cadence.every} hours`;
    case "minutely":
      return cadence.every === 1 ? "every minute" : `every ${cadence.every} minutes`;
    case "cron":
      return `on cron "${cadence.expression.trim()}"`;
  }
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th"}`;
}

/**
 * How many runs a cadence makes in about a month (30 days from `now`), for
 * the approval's "about $24 a month".
 */
export function runsPerMonth(cadence: Cadence, timeZone: string, now: Date): number {
  if (cadence.kind === "minutely") return Math.floor((30 * 1440) / cadence.every);
  if (cadence.kind === "hourly") return Math.floor((30 * 24) / cadence.every);
  const end = now.getTime() + 30 * 86_400_000;
  let count = 0;
  let from = now;
  // Capped: a cron expression firing every minute would otherwise count 43,200 runs one by one.
  while (count < 5_000) {
    from = nextRun(cadence, timeZone, from);
    if (from.getTime() > end) break;
    count++;
  }
  return count;
}

/**
 * `describeCadence` in the reader's language, for cards and lists a customer
 * reads: "every day at 08:00", "todos los días a las 08:00". Weekday names
 * come from Intl, times stay 24-hour "HH:MM" as the customer's zone shows them.
 */
export function describeCadenceIn(cadence: Cadence, locale: Locale): string {
  const t = (key: string, args?: Record<string, string | number>) =>
    catalogue().t(locale, key, args);
  switch (cadence.kind) {
    case "daily":
      return t("cadence-daily", { at: cadence.at });
    case "weekdays":
      return t("cadence-weekdays", { at: cadence.at });
    case "weekly": {
      const names = new Intl.DateTimeFormat(locale, { weekday: "long", timeZone: "UTC" });
      // 2023-01-01 was a Sunday: day d of the week is January 1 + d.
      const days = [...new Set(cadence.days)]
        .sort()
        .map((d) => names.format(new Date(Date.UTC(2023, 0, 1 + d))));
      const list = new Intl.ListFormat(locale, { type: "conjunction" }).format(days);
      return t("cadence-weekly", { days: list, at: cadence.at });
    }
    case "monthly":
      return t(cadence.day > 28 ? "cadence-monthly-late" : "cadence-monthly", {
        day: cadence.day,
        at: cadence.at,
      });
    case "hourly":
      return cadence.every === 1
        ? t("cadence-hourly", { minute: String(cadence.minute).padStart(2, "0") })
        : t("cadence-every-hours", { count: cadence.every });
    case "minutely":
      return t("cadence-every-minutes", { count: cadence.every });
    case "cron":
      return t("cadence-cron", { expression: cadence.expression.trim() });
  }
}
