import type { Api } from "grammy";
import type { LanguageCode } from "grammy/types";
import { catalogue, DEFAULT_LOCALE, LOCALES, type Locale } from "../i18n/index.ts";
import { ADMIN_COMMANDS } from "./features/admin.ts";

/** The customer's commands, in menu order; descriptions are `cmd-<command>` in the catalogue. */
export const CUSTOMER_COMMANDS = [
  "help",
  "employees",
  "hire",
  "status",
  "stop",
  "schedules",
  "timezone",
  "dashboard",
  "billing",
  "language",
  "cancel",
] as const;

const menu = (commands: readonly string[], locale: Locale) =>
  commands.map((command) => ({
    command,
    description: catalogue().t(locale, `cmd-${command}`),
  }));

/** The customer's command menu in a language. */
export function customerMenu(locale: Locale = DEFAULT_LOCALE) {
  return menu(CUSTOMER_COMMANDS, locale);
}

/** An admin's command menu: the customer's, then the admin commands. */
export function adminMenu(locale: Locale = DEFAULT_LOCALE) {
  return menu([...CUSTOMER_COMMANDS, ...ADMIN_COMMANDS.map(([command]) => command)], locale);
}

/** Telegram keys command menus by a two-letter ISO 639-1 code ("pt", not "pt-BR"). */
const telegramLanguage = (locale: Locale) => locale.slice(0, 2) as LanguageCode;

/**
 * Registers the command menus: customer commands for private chats (the
 * default in English, and one per language Telegram shows to users of that
 * language), and the admin commands only in each admin's own chat (a menu is
 * not authority: every admin handler re-checks it).
 */
export async function registerCommands(api: Api, adminTelegramIds: number[]): Promise<void> {
  const scope = { type: "all_private_chats" } as const;
  await api.setMyCommands(customerMenu(), { scope });
  for (const locale of LOCALES) {
    if (locale === DEFAULT_LOCALE) continue;
    await api.setMyCommands(customerMenu(locale), {
      scope,
      language_code: telegramLanguage(locale),
    });
  }
  const admin = adminMenu();
  for (const chatId of adminTelegramIds) {
    await api.setMyCommands(admin, { scope: { type: "chat", chat_id: chatId } }).catch(() => {
      // The admin has not started a chat with the bot yet; their menu arrives on their first /start or /help.
    });
  }
}
