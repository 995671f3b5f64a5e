/**
 * `remember`: a knight keeps a note for its next tasks (where the hours form
 * is, the brand's tone, the preferred supplier). Like `deliver_file` it is a
 * plain function tool to both providers and a `tool_use` named `remember` in
 * the neutral conversation, persisted and performed once as a step; the
 * platform refuses anything that looks like a secret (see `../notes.ts`).
 */
import type { ComputerAction } from "./types.ts";

export const REMEMBER_TOOL = "remember";

/** What the model reads about the tool. */
export const REMEMBER_DESCRIPTION =
  "Keep a short note for your next tasks for this customer: a fact about their world you had to find out (where a setting lives, an admin URL, the brand's tone, a preferred supplier, a price you will compare next time). One fact per note, at most 500 characters. Never passwords, codes or keys: the customer's stored logins cover those.";

/** JSON schema of the tool's input (both providers accept it as is). */
export const REMEMBER_SCHEMA = {
  type: "object",
  properties: {
    note: {
      type: "string",
      description: 'The fact, e.g. "The opening hours are under Settings → Business info"',
    },
  },
  required: ["note"],
  additionalProperties: false,
} as const;

/** Reads a `remember` call; an empty note becomes `unsupported` (answered with an error). */
export function parseRemember(input: unknown): ComputerAction {
  const note = (input as { note?: unknown } | null)?.note;
  if (typeof note !== "string" || !note.trim())
    return { action: "unsupported", name: REMEMBER_TOOL, input };
  return { action: "remember", note: note.trim().slice(0, 2_000) };
}
