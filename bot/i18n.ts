/**
 * The bot's side of the message catalogue: the same Fluent sources
 * (`i18n/locales/`) loaded into @grammyjs/i18n, whose middleware gives every
 * handler `ctx.t` in the language `localeOf` picks for the update. Only the
 * bot imports the plugin, so the Worker bundle (which takes webhooks but runs
 * no handlers) stays free of it.
 */
import { I18n, type I18nFlavor } from "@grammyjs/i18n";
import type { Context } from "grammy";
import { LOCALES, type Locale, SOURCES } from "../i18n/index.ts";

/** Builds the plugin with every locale loaded. */
export function createBotI18n(localeOf: (ctx: Context & I18nFlavor) => Locale) {
  const i18n = new I18n<Context & I18nFlavor>({
    defaultLocale: "en",
    // Unicode isolation marks around variables would show up in plain-text Telegram messages.
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: localeOf,
  });
  for (const locale of LOCALES) {
    i18n.loadLocaleSync(locale, {
      source: SOURCES[locale],
      bundleOptions: { useIsolating: false },
    });
  }
  return i18n;
}
