import type { ResponseParameters } from "grammy/types";

/**
 * A Bot API failure as Telegram reports it: the HTTP status is the
 * error_code and `description` is the exact text clients match on.
 */
export class BotApiError extends Error {
  override name = "BotApiError";
  readonly error_code: number;
  readonly description: string;
  readonly parameters: ResponseParameters | undefined;
  constructor(error_code: number, description: string, parameters?: ResponseParameters) {
    super(description);
    this.error_code = error_code;
    this.description = description;
    this.parameters = parameters;
  }
}

/** 400 with Telegram's "Bad Request: " prefix. */
export function badRequest(message: string): BotApiError {
  return new BotApiError(400, `Bad Request: ${message}`);
}

/** 429 with retry_after, worded as Telegram words it. */
export function tooManyRequests(retryAfter: number): BotApiError {
  return new BotApiError(429, `Too Many Requests: retry after ${retryAfter}`, {
    retry_after: retryAfter,
  });
}

/** A user-client action that a real Telegram app would not allow (e.g. pressing a missing button). */
export class UserActionError extends Error {
  override name = "UserActionError";
}

/** waitForBotMessage gave up. */
export class WaitTimeoutError extends Error {
  override name = "WaitTimeoutError";
}
