import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger } from "pino";

/** Paths pino blanks out wherever they appear in a log line. */
const REDACT_PATHS = [
  "*.authorization",
  "*.Authorization",
  "*.cookie",
  "*.Cookie",
  '*["set-cookie"]',
  '*["x-telegram-bot-api-secret-token"]',
  '*["stripe-signature"]',
  '*["x-api-key"]',
  "*.token",
  "*.apiKey",
  "*.api_key",
  "*.secret",
  "*.password",
  "*.appSecret",
  "*.secretKey",
  "*.webhookSecret",
  "*.plaintext",
  // The vault's values, at the top of a log object or one level down (issue 25).
  "password",
  "plaintext",
  "totpSeed",
  "*.totpSeed",
  "headers.authorization",
  "headers.cookie",
];

/** Bot tokens travel in Bot API URLs (`/bot<token>/method`): mask them anywhere in a string. */
const BOT_TOKEN_IN_TEXT = /\d{5,}:[A-Za-z0-9_-]{20,}/g;

/** Removes bot tokens and URL passwords from free text before it is logged. */
export function scrubText(text: string): string {
  return text
    .replace(BOT_TOKEN_IN_TEXT, "<bot-token>")
    .replace(/(\w+:\/\/[^:/\s]+:)[^@\s]+@/g, "$1***@");
}

/**
 * Creates the JSON logger every process uses: one line per event, secrets
 * redacted by key and bot tokens scrubbed from messages and errors.
 */
export function createLogger(
  { level = "info", name = "mouse" }: { level?: string; name?: string } = {},
  destination?: DestinationStream,
): Logger {
  const options = {
    name,
    level,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    // On Cloudflare Workers pino runs its browser build: one object per line,
    // with redaction and serializers, as on Node.
    browser: { asObject: true, serialize: true },
    serializers: {
      err: (error: unknown) => {
        const serialized = pino.stdSerializers.err(error as Error);
        return {
          ...serialized,
          message: scrubText(serialized.message ?? ""),
          stack: scrubText(serialized.stack ?? ""),
        };
      },
    },
    hooks: {
      logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => (typeof a === "string" ? scrubText(a) : a)),
        );
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
