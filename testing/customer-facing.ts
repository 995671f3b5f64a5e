/**
 * What a customer must never read in a message from the bot: an id (a UUID
 * outside a link), the name of one of our tools or a knight's raw action,
 * or a text cut in the middle of a word ("Nothin…"). Scans every text,
 * caption and button label the sandbox Bot API received (edits included, so
 * a progress message's intermediate states count too).
 */
import type { TelegramSandboxApi } from "../sandbox/telegram/index.ts";

/** Tool and action names that are ours, not the customer's words. */
export const INTERNAL_NAMES = [
  "deploy_employee",
  "list_employees",
  "task_status",
  "stop_task",
  "send_screenshot",
  "check_usage",
  "schedule_task",
  "list_schedules",
  "edit_schedule",
  "request_help",
  "deliver_file",
  "type_secret",
  "left_click",
  "right_click",
  "double_click",
  "mouse_move",
  "left_click_drag",
  "kind=",
];

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;
const URL = /\bhttps?:\/\/\S+/g;
/** A letter right before the ellipsis: a word was cut (we clip at a word and write " …"). */
const MID_WORD = /\p{L}…/u;

/** Every problem found in the bot's outgoing texts, as "problem: text" lines (empty when clean). */
export function customerFacingProblems(telegram: Pick<TelegramSandboxApi, "calls">): string[] {
  const problems: string[] = [];
  for (const call of telegram.calls.all()) {
    if (call.status !== 200 || !/^(send|edit)/.test(call.method)) continue;
    for (const text of textsOf(call.params)) {
      const words = text.replace(URL, "");
      if (UUID.test(words)) problems.push(`an id: ${text}`);
      const name = INTERNAL_NAMES.find((n) => words.includes(n));
      if (name) problems.push(`a tool name (${name}): ${text}`);
      if (MID_WORD.test(words)) problems.push(`cut mid-word: ${text}`);
    }
  }
  return problems;
}

function textsOf(params: Record<string, unknown>): string[] {
  const texts = [params.text, params.caption].filter((t): t is string => typeof t === "string");
  const markup = params.reply_markup as
    | { inline_keyboard?: Array<Array<{ text?: string }>> }
    | undefined;
  for (const row of markup?.inline_keyboard ?? [])
    for (const button of row) if (typeof button.text === "string") texts.push(button.text);
  return texts;
}
