/**
 * Numbers, money and dates as each locale writes them (Intl), so "$1,234.50"
 * reads "US$ 1.234,50" in Brazil and "1 234,50 $" in Russia. Amounts are
 * micro-dollars, as everywhere in billing.
 */
import type { Locale } from "./languages.ts";

const money = new Map<string, Intl.NumberFormat>();
const numbers = new Map<string, Intl.NumberFormat>();

/** Micro-dollars as the locale writes US dollars, with cents. */
export function formatMoney(micros: number | bigint | string, locale: Locale): string {
  let format = money.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency: "USD" });
    money.set(locale, format);
  }
  return format.format(Number(micros) / 1_000_000);
}

/** A whole or decimal number with the locale's grouping and decimal marks. */
export function formatNumber(value: number | string, locale: Locale): string {
  let format = numbers.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    numbers.set(locale, format);
  }
  return format.format(Number(value));
}

/** A moment as the locale writes date and time, in the customer's IANA time zone (UTC unless given). */
export function formatDateTime(at: Date | string, locale: Locale, timeZone = "UTC"): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone,
  }).format(new Date(at));
}

/** A day as the locale writes it (e.g. for billing periods), in the customer's time zone. */
export function formatDate(at: Date | string, locale: Locale, timeZone = "UTC"): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone }).format(new Date(at));
}

/** A day of the month as the locale writes it ("January 1", "1 de enero"), in the customer's time zone. */
export function formatDayMonth(at: Date | string, locale: Locale, timeZone = "UTC"): string {
  return new Intl.DateTimeFormat(locale, { month: "long", day: "numeric", timeZone }).format(
    new Date(at),
  );
}
