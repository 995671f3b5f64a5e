import type { Api } from "grammy";
import { ADMIN_COMMANDS } from "./features/admin.ts";

export const CUSTOMER_COMMANDS = [
  ["help", "what I can do"],
  ["employees", "your knights"],
  ["status", "what your knights are doing"],
  ["stop", "stop a task"],
  ["dashboard", "login link to watch knights live"],
  ["billing", "plan, usage and balance"],
  ["cancel", "leave the current question"],
] as const;

/** The customer's command menu. */
export function customerMenu() {
  return CUSTOMER_COMMANDS.map(([command, description]) => ({ command, description }));
}

/** An admin's command menu: the customer's, then the admin commands. */
export function adminMenu() {
  return [
    ...customerMenu(),
    ...ADMIN_COMMANDS.map(([command, description]) => ({ command, description })),
  ];
}

/**
 * Registers the command menus: customer commands for private chats, and the
 * admin commands only in each admin's own chat (a menu is not authority:
 * every admin handler re-checks it).
 */
export async function registerCommands(api: Api, adminTelegramIds: number[]): Promise<void> {
  await api.setMyCommands(customerMenu(), { scope: { type: "all_private_chats" } });
  const admin = adminMenu();
  for (const chatId of adminTelegramIds) {
    await api.setMyCommands(admin, { scope: { type: "chat", chat_id: chatId } }).catch(() => {
      // The admin has not started a chat with the bot yet; their menu arrives on the next start.
    });
  }
}
