import { BotApiError } from "./errors.ts";

export type InjectedFailure = {
  /** HTTP status / error_code; default 500. */
  status?: number;
  /** Default: Telegram's usual wording for the status. */
  description?: string;
  /** How many matching calls fail; default 1. */
  count?: number;
  /** For 429: the retry_after to announce; default 1. */
  retryAfter?: number;
  /** Only calls made with this bot token. */
  token?: string;
};

/** Queues failures for upcoming calls. */
export type FailureInjector = {
  /** The next `count` calls of `method` ("*" for any) fail as described. */
  failNext(method: string, failure?: InjectedFailure): void;
  /** Internal: the failure for this call, if one is queued (consumes it). */
  take(method: string, token: string): BotApiError | undefined;
  clear(): void;
};

const DEFAULT_DESCRIPTIONS: Record<number, string> = {
  400: "Bad Request: injected failure",
  401: "Unauthorized",
  403: "Forbidden: bot was blocked by the user",
  404: "Not Found",
  409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
  500: "Internal Server Error",
  502: "Bad Gateway",
};

/** Creates the failure queue behind `sandbox.failNext`. */
export function createFailureInjector(): FailureInjector {
  let queued: (InjectedFailure & { method: string; left: number })[] = [];
  return {
    failNext(method, failure = {}) {
      queued.push({ ...failure, method: method.toLowerCase(), left: failure.count ?? 1 });
    },
    take(method, token) {
      const name = method.toLowerCase();
      const entry = queued.find(
        (f) =>
          f.left > 0 &&
          (f.method === "*" || f.method === name) &&
          (f.token === undefined || f.token === token),
      );
      if (!entry) return undefined;
      entry.left--;
      queued = queued.filter((f) => f.left > 0);
      const status = entry.status ?? 500;
      if (status === 429) {
        const retryAfter = entry.retryAfter ?? 1;
        return new BotApiError(
          429,
          entry.description ?? `Too Many Requests: retry after ${retryAfter}`,
          { retry_after: retryAfter },
        );
      }
      return new BotApiError(status, entry.description ?? DEFAULT_DESCRIPTIONS[status] ?? "Error");
    },
    clear() {
      queued = [];
    },
  };
}
