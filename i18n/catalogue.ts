/**
 * The one message catalogue: every fixed text the bot, the knights and
 * billing send a customer, in Fluent syntax, one module per locale under
 * `i18n/locales/`. The bot loads the same sources into @grammyjs/i18n
 * (`bot/i18n.ts`, giving handlers `ctx.t`); code without a grammY context
 * (knights' notices, billing messages, approval executors) calls
 * `catalogue().t(locale, key, args)`, built here on @fluent/bundle alone so
 * the Cloudflare Worker can bundle it too.
 *
 * Adding a text: add the key to every locale module (English first), use it
 * with `ctx.t("key", { … })` or `catalogue().t(locale, "key", { … })`; the
 * catalogue test fails on a key missing in any locale or used nowhere.
 */
import { FluentBundle, FluentResource } from "@fluent/bundle";
import { DEFAULT_LOCALE, LOCALES, type Locale } from "./languages.ts";
import { SOURCES } from "./locales/index.ts";

export type Catalogue = {
  /** The text of `key` in `locale` (English if that locale lacks it), with Fluent variables filled in. */
  t: (locale: Locale, key: string, args?: Record<string, string | number>) => string;
};

/** Builds one Fluent bundle per locale from the catalogue's sources. */
export function createCatalogue(): Catalogue {
  const bundles = new Map<Locale, FluentBundle>();
  for (const locale of LOCALES) {
    // Unicode isolation marks around variables would show up in plain-text Telegram messages.
    const bundle = new FluentBundle(locale, { useIsolating: false });
    const errors = bundle.addResource(new FluentResource(SOURCES[locale]));
    if (errors.length > 0) throw new Error(`i18n: ${locale}: ${errors[0]!.message}`);
    bundles.set(locale, bundle);
  }
  const format = (locale: Locale, key: string, args?: Record<string, string | number>) => {
    const bundle = bundles.get(locale)!;
    const message = bundle.getMessage(key);
    return message?.value ? bundle.formatPattern(message.value, args) : undefined;
  };
  return {
    t: (locale, key, args) => format(locale, key, args) ?? format(DEFAULT_LOCALE, key, args) ?? key,
  };
}

let shared: Catalogue | undefined;

/**
 * The catalogue for code outside the bot: the sources never change while the
 * process runs, so it is built once, on first use.
 */
export function catalogue(): Catalogue {
  shared ??= createCatalogue();
  return shared;
}
