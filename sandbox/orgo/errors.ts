import type { ContentfulStatusCode } from "hono/utils/http-status";

/** What Orgo says when the desktop agent cannot be reached; clients back off on it. */
export const UNREACHABLE_MESSAGE = "Could not reach the desktop. Try again in a moment.";

/** An error the sandbox answers with Orgo's `{"error","request_id"}` body. */
export class OrgoApiError extends Error {
  override readonly name = "OrgoApiError";
  readonly status: ContentfulStatusCode;
  readonly upstreamStatus: number | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: ContentfulStatusCode,
    message: string,
    options: { upstreamStatus?: number; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.status = status;
    this.upstreamStatus = options.upstreamStatus;
    this.headers = options.headers ?? {};
  }
}

/** 404 for a computer, workspace or file that does not exist (or no longer does). */
export function notFound(what: "Computer" | "Workspace" | "File"): OrgoApiError {
  return new OrgoApiError(404, `${what} not found`);
}

/** 400 for a request body or query that fails validation. */
export function invalid(message: string): OrgoApiError {
  return new OrgoApiError(400, message);
}

/** The body Orgo sends for an error. */
export function errorBody(error: OrgoApiError, requestId: string): Record<string, unknown> {
  return {
    error: error.message,
    request_id: requestId,
    ...(error.upstreamStatus === undefined ? {} : { upstream_status: error.upstreamStatus }),
  };
}
