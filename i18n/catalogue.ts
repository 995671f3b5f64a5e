/**
 * The one message catalogue: every fixed text the bot, the knights and
 * billing send a customer, as Fluent files in `i18n/locales/<locale>.ftl`,
 * loaded into @grammyjs/i18n. The bot installs its middleware (`ctx.t`);
 * code without a grammY context (knights' notices, billing alerts, approval
 * executors) calls `t(locale, key, args)` on the same instance.
 *
 * Adding a text: add the key to every `.ftl` file (en first), use it with
 * `ctx.t("key", { … })` or `catalogue.t(locale, "key", { … })`; the
 * catalogue test fails on a key missing in any locale or used nowhere.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { I18n, type I18nFlavor } from "@grammyjs/i18n";
import type { Context } from "grammy";
import { DEFAULT_LOCALE, LOCALES, type Locale } from "./languages.ts";

export const LOCALES_DIR = fileURLToPath(new URL("./locales/", import.meta.url));

export type Catalogue = {
  /** The text of `key` in `locale`, with Fluent variables filled in. */
  t: (locale: Locale, key: string, args?: Record<string, string | number>) => string;
  /** The grammY plugin instance (its `middleware()` gives handlers `ctx.t`). */
  i18n: I18n<Context & I18nFlavor>;
};

/** Loads every locale's Fluent file into one @grammyjs/i18n instance. */
export function createCatalogue(
  localeOf?: (ctx: Context & I18nFlavor) => Locale | undefined,
): Catalogue {
  const i18n = new I18n<Context & I18nFlavor>({
    defaultLocale: DEFAULT_LOCALE,
    // Unicode isolation marks around variables would show up in plain-text Telegram messages.
    fluentBundleOptions: { useIsolating: false },
    ...(localeOf ? { localeNegotiator: localeOf } : {}),
  });
  for (const locale of LOCALES) {
    i18n.loadLocaleSync(locale, {
      source: readFileSync(`${LOCALES_DIR}${locale}.ftl`, "utf8"),
      bundleOptions: { useIsolating: false },
    });
  }
  return { i18n, t: (locale, key, args) => i18n.t(locale, key, args) };
}

let shared: Catalogue | undefined;

/**
 * The catalogue for code outside the bot: the files never change while the
 * process runs, so it is loaded once, on first use.
 */
export function catalogue(): Catalogue {
  shared ??= createCatalogue();
  return shared;
}
