import { InlineKeyboard } from "grammy";

/** The buttons shown after onboarding and /start: the most common next steps, in the user's language. */
export function quickActions(t: (key: string) => string): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("qa-employees"), "qa:employees")
    .text(t("qa-status"), "qa:status")
    .row()
    .text(t("qa-billing"), "qa:billing")
    .text(t("qa-dashboard"), "qa:dashboard")
    .row()
    .text(t("qa-help"), "qa:help");
}
