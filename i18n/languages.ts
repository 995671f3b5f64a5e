/**
 * The languages Mouse speaks and how a Telegram `language_code` (an IETF tag
 * such as "pt-br", "es-MX" or "ru") maps onto them: the exact locale if we
 * have it, else its base language, else English.
 */

/** Locale ids of the catalogue, English first (the fallback). */
export const LOCALES = ["en", "es", "pt-BR", "ru", "id"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Each language's own name, for the /language buttons. */
export const NATIVE_NAMES: Record<Locale, string> = {
  en: "English",
  es: "Español",
  "pt-BR": "Português (Brasil)",
  ru: "Русский",
  id: "Bahasa Indonesia",
};

/** Each language's English name, for the models' system prompts (stable text, so caches hold). */
export const ENGLISH_NAMES: Record<Locale, string> = {
  en: "English",
  es: "Spanish",
  "pt-BR": "Brazilian Portuguese",
  ru: "Russian",
  id: "Indonesian",
};

/** Base languages that stand for one of our locales ("pt" from Portugal still reads pt-BR best). */
const BY_BASE: Record<string, Locale> = { en: "en", es: "es", pt: "pt-BR", ru: "ru", id: "id" };

/** Whether a string is one of the catalogue's locale ids. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The catalogue locale for a Telegram `language_code` (or a stored choice); English when unknown. */
export function localeFor(code: string | null | undefined): Locale {
  if (!code) return DEFAULT_LOCALE;
  const exact = LOCALES.find((l) => l.toLowerCase() === code.toLowerCase());
  if (exact) return exact;
  return BY_BASE[code.toLowerCase().split(/[-_]/)[0] ?? ""] ?? DEFAULT_LOCALE;
}
