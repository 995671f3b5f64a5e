/**
 * A model's reply as the customer may read it. Whatever the model writes
 * goes out as its own message (never above an Approve button, see
 * approvals/card.ts), but it must still not show our internals: ids, and
 * tool names or "<tool> returned:" echoes of raw tool output, which a
 * confused or manipulated model may repeat.
 */
import { BRAIN_TOOLS } from "./tools/index.ts";

const UUID = /\s*\(?\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b\)?/gi;
const NAMES = BRAIN_TOOLS.map((t) => t.name).join("|");
const ECHO = new RegExp(`\\b(?:${NAMES})\\s+(?:returned|failed)\\s*:?\\s*`, "g");
const NAME = new RegExp(`\\b(?:${NAMES})\\b`, "g");

/** `text` without ids, tool-output echoes and tool names (spelled as words instead). */
export function plainReply(text: string): string {
  return text
    .replace(ECHO, "")
    .replace(NAME, (name) => name.replace(/_/g, " "))
    .replace(UUID, "")
    .replace(/[ \t]{2,}/g, " ")
    .trim();
}
