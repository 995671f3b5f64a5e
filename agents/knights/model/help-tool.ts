/**
 * `request_help`: the knight's one tool besides the computer. It stops the
 * task and asks the customer to step in, for what a computer-use model must
 * not or cannot do alone: a CAPTCHA, a login, a two-factor code, a choice
 * only the customer can make. Offered to both providers with the same
 * schema; its call ends the step (it is never performed on the desktop).
 *
 * `one_time_code` is for a code a site sent the customer by SMS or e-mail:
 * the customer replies with it in Telegram, the bot deletes that message,
 * and the knight types it with `type_secret` (field `one_time_code`)
 * without ever seeing it (`vault/codes.ts`).
 */
export const HELP_TOOL = "request_help";

export const HELP_REASONS = ["captcha", "login", "two_factor", "one_time_code", "choice"] as const;
export type HelpReason = (typeof HELP_REASONS)[number];

/** What the knight asked for. */
export type HelpRequest = { reason: HelpReason; message: string };

export const HELP_DESCRIPTION =
  "Ask the customer to take over the desktop for something only they should do: solve a CAPTCHA, log in, enter a two-factor code, or make a choice only they can make. The task pauses until they hand the desktop back; you then see what they did and their note. When a site has sent the customer a one-time code by SMS or e-mail, use reason one_time_code: they reply with the code, and once you are told it arrived, click the code input and call type_secret with field one_time_code (you never see the code).";

/** The tool's input schema (JSON Schema), for both providers. */
export const HELP_SCHEMA = {
  type: "object",
  properties: {
    reason: { type: "string", enum: [...HELP_REASONS] },
    message: {
      type: "string",
      description: "One or two sentences to the customer: what you need them to do on the desktop.",
    },
  },
  required: ["reason", "message"],
  additionalProperties: false,
} as const;

/** Reads a request_help call's input; anything malformed still asks for help, as a choice. */
export function parseHelp(input: unknown): HelpRequest {
  const fields = (input ?? {}) as { reason?: unknown; message?: unknown };
  const reason = HELP_REASONS.includes(fields.reason as HelpReason)
    ? (fields.reason as HelpReason)
    : "choice";
  const message =
    typeof fields.message === "string" && fields.message.trim()
      ? fields.message.trim().slice(0, 1_000)
      : "I need you to take over the desktop for a moment.";
  return { reason, message };
}
