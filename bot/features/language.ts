/**
 * /language: the user picks the language King Mouse speaks with them, from
 * inline buttons, and it is stored on their user row (so the knights'
 * notices and King Mouse's answers follow it too). Callback data carries the
 * locale id only: `lang:<locale>`, the same in every language.
 */
import { Composer, InlineKeyboard } from "grammy";
import { setUserLanguage } from "../../accounts/index.ts";
import type { Data } from "../../db/index.ts";
import { isLocale, LOCALES, NATIVE_NAMES } from "../../i18n/index.ts";
import type { MouseContext } from "../context.ts";

/** The buttons, one language a row, each in its own name. */
export function languageKeyboard(): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const locale of LOCALES) keyboard.text(NATIVE_NAMES[locale], `lang:${locale}`).row();
  return keyboard;
}

/** /language and its `lang:<locale>` buttons. */
export function createLanguageFeature({ data }: { data: Data }) {
  const composer = new Composer<MouseContext>();
  composer.command("language", (ctx) =>
    ctx.reply(ctx.t("language-choose"), { reply_markup: languageKeyboard() }),
  );
  composer.callbackQuery(/^lang:(.+)$/, async (ctx) => {
    const locale = ctx.match[1];
    if (!isLocale(locale) || !ctx.from) {
      await ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
      return;
    }
    await setUserLanguage(
      data,
      { ...(ctx.mouse.user ? { userId: ctx.mouse.user.id } : {}), telegram: ctx.from },
      locale,
    );
    // The rest of this update speaks the new language already.
    ctx.i18n.useLocale(locale);
    await ctx.answerCallbackQuery();
    await ctx
      .editMessageText(ctx.t("language-set"), { reply_markup: undefined })
      .catch(() => ctx.reply(ctx.t("language-set")));
  });
  return composer;
}
