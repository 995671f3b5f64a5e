/**
 * Customers' time zones: which names we accept (an IANA name Node's Intl
 * knows, not an offset like "+02:00", which would not follow daylight-saving
 * changes), a first guess from the Telegram `language_code` the customer's
 * app reports, and how an instant reads in a zone. The guess is only a
 * default the onboarding conversation shows; `/timezone` and the dashboard
 * change it.
 */

export const DEFAULT_TIME_ZONE = "UTC";

const NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/** The canonical spelling of an IANA zone name, or undefined when it is not one. */
export function normalizeTimeZone(input: string): string | undefined {
  const name = input.trim();
  if (name.length === 0 || name.length > 64 || !NAME.test(name)) return undefined;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Whether `name` is an IANA time zone we can schedule in. */
export function isTimeZone(name: string): boolean {
  return normalizeTimeZone(name) !== undefined;
}

// A language's most likely zone: the largest population speaking it where it
// is a first language. Region-tagged codes ("en-US", "pt-br") are looked up
// first as a whole.
const BY_LANGUAGE: Record<string, string> = {
  "en-us": "America/New_York",
  "en-gb": "Europe/London",
  "en-au": "Australia/Sydney",
  "en-ca": "America/Toronto",
  "en-in": "Asia/Kolkata",
  "pt-br": "America/Sao_Paulo",
  "es-mx": "America/Mexico_City",
  "es-ar": "America/Argentina/Buenos_Aires",
  "zh-hans": "Asia/Shanghai",
  "zh-hant": "Asia/Taipei",
  en: "Europe/London",
  de: "Europe/Berlin",
  fr: "Europe/Paris",
  es: "Europe/Madrid",
  it: "Europe/Rome",
  pt: "Europe/Lisbon",
  nl: "Europe/Amsterdam",
  pl: "Europe/Warsaw",
  uk: "Europe/Kyiv",
  ru: "Europe/Moscow",
  tr: "Europe/Istanbul",
  ar: "Asia/Riyadh",
  fa: "Asia/Tehran",
  he: "Asia/Jerusalem",
  hi: "Asia/Kolkata",
  id: "Asia/Jakarta",
  ms: "Asia/Kuala_Lumpur",
  th: "Asia/Bangkok",
  vi: "Asia/Ho_Chi_Minh",
  ja: "Asia/Tokyo",
  ko: "Asia/Seoul",
  zh: "Asia/Shanghai",
  sv: "Europe/Stockholm",
  da: "Europe/Copenhagen",
  nb: "Europe/Oslo",
  fi: "Europe/Helsinki",
  cs: "Europe/Prague",
  el: "Europe/Athens",
  hu: "Europe/Budapest",
  ro: "Europe/Bucharest",
  uz: "Asia/Tashkent",
  kk: "Asia/Almaty",
};

/** A first guess at a customer's zone from their Telegram `language_code`; UTC when unknown. */
export function guessTimeZone(languageCode: string | undefined | null): string {
  const code = (languageCode ?? "").trim().toLowerCase().replace("_", "-");
  return BY_LANGUAGE[code] ?? BY_LANGUAGE[code.split("-")[0] ?? ""] ?? DEFAULT_TIME_ZONE;
}

/** An instant as the customer reads it, e.g. "Mon 8 Dec, 08:00 (Europe/Berlin)". */
export function formatInZone(instant: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(instant);
  return `${text} (${timeZone})`;
}
