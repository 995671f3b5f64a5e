import { InlineKeyboard } from "grammy";

/** The buttons shown after onboarding and /start: the most common next steps. */
export function quickActions(): InlineKeyboard {
  return new InlineKeyboard()
    .text("👷 My employees", "qa:employees")
    .text("📋 Task status", "qa:status")
    .row()
    .text("💳 Billing", "qa:billing")
    .text("🖥 Dashboard", "qa:dashboard")
    .row()
    .text("❓ Help", "qa:help");
}
