/**
 * `deliver_file`: the one tool a knight has besides the computer. A file it
 * made on its desktop (a CSV of findings, a flyer, exported invoices) is
 * worthless while it stays on the VM; this hands it to the customer. It is
 * declared as a plain function tool to both providers and travels in the
 * neutral conversation as a `tool_use` named `deliver_file`, so the loop
 * persists and performs it exactly once, like any other step.
 */
import type { ComputerAction } from "./types.ts";

export const DELIVER_FILE_TOOL = "deliver_file";

/** What the model reads about the tool. */
export const DELIVER_FILE_DESCRIPTION =
  "Hand a file you made on the desktop to the customer: it is exported from the desktop, kept for them, and sent to their Telegram chat. Use it for results the task asks for (a spreadsheet, a document, an image). The file must be inside /home/user.";

/** JSON schema of the tool's input (both providers accept it as is). */
export const DELIVER_FILE_SCHEMA = {
  type: "object",
  properties: {
    path: {
      type: "string",
      description:
        "Path of the file on the desktop, absolute or relative to /home/user, e.g. /home/user/findings.csv",
    },
    title: {
      type: "string",
      description: "A short title the customer sees, e.g. Supplier comparison",
    },
    description: { type: "string", description: "One or two sentences on what the file contains" },
  },
  required: ["path", "title"],
  additionalProperties: false,
} as const;

/** Reads a `deliver_file` call; malformed input becomes `unsupported` (answered with an error). */
export function parseDeliverFile(input: unknown): ComputerAction {
  const fields = (input && typeof input === "object" ? input : {}) as Record<string, unknown>;
  const text = (value: unknown, max: number) =>
    typeof value === "string" && value.trim() ? value.trim().slice(0, max) : undefined;
  const path = text(fields.path, 1024);
  const title = text(fields.title, 200);
  if (!path || !title) return { action: "unsupported", name: DELIVER_FILE_TOOL, input };
  const description = text(fields.description, 1000);
  return { action: "deliver_file", path, title, ...(description ? { description } : {}) };
}

/** The tool_use input of a delivery in the neutral conversation (the provider's own shape). */
export function deliverFileInput(
  action: Extract<ComputerAction, { action: "deliver_file" }>,
): Record<string, unknown> {
  const { action: _name, ...input } = action;
  return input;
}
