/**
 * Orgo failures as named classes. Each carries the HTTP status, Orgo's
 * `request_id` and, for calls that change a desktop, whether the action may
 * have happened anyway (`maybePerformed`): a timeout or a 500 from the desktop
 * agent can arrive after the click landed, so callers must not repeat it
 * blindly.
 */
export type OrgoErrorFields = {
  status?: number;
  requestId?: string;
  upstreamStatus?: number;
  method?: string;
  path?: string;
  /** True when the call changed (or may have changed) the desktop before failing. */
  maybePerformed?: boolean;
  cause?: unknown;
};

/** Any failure talking to Orgo. */
export class OrgoError extends Error {
  override name = "OrgoError";
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly upstreamStatus: number | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly maybePerformed: boolean;

  constructor(message: string, fields: OrgoErrorFields = {}) {
    super(message, { cause: fields.cause });
    this.status = fields.status;
    this.requestId = fields.requestId;
    this.upstreamStatus = fields.upstreamStatus;
    this.method = fields.method;
    this.path = fields.path;
    this.maybePerformed = fields.maybePerformed ?? false;
  }
}

/** 400: the request was invalid; nothing happened. */
export class OrgoValidationError extends OrgoError {
  override name = "OrgoValidationError";
}
/** 400 "Desktop instance not available": the computer is not running; nothing happened. */
export class OrgoDesktopUnavailableError extends OrgoError {
  override name = "OrgoDesktopUnavailableError";
}
/** 401: missing or invalid API key. */
export class OrgoAuthError extends OrgoError {
  override name = "OrgoAuthError";
}
/** 402: the Orgo account is out of credits. */
export class OrgoInsufficientCreditsError extends OrgoError {
  override name = "OrgoInsufficientCreditsError";
}
/** 403: no access, workspace scope mismatch or a plan limit. */
export class OrgoForbiddenError extends OrgoError {
  override name = "OrgoForbiddenError";
}
/** 404: the computer (or workspace) does not exist. */
export class OrgoNotFoundError extends OrgoError {
  override name = "OrgoNotFoundError";
}
/** 405: restart is not supported on this host (the client falls back to stop + start). */
export class OrgoMethodNotAllowedError extends OrgoError {
  override name = "OrgoMethodNotAllowedError";
}
/** 409: the computer is in the wrong state (start when running, a duplicate name…). */
export class OrgoConflictError extends OrgoError {
  override name = "OrgoConflictError";
}
/** 429: rate limited; `retryAfterMs` from the `Retry-After` header when given. */
export class OrgoRateLimitError extends OrgoError {
  override name = "OrgoRateLimitError";
  retryAfterMs: number | undefined;
}
/** 500 (or another 5xx but 503): the desktop agent or Orgo failed; an action may have happened. */
export class OrgoUpstreamError extends OrgoError {
  override name = "OrgoUpstreamError";
}
/** 503 "Could not reach the desktop": the call never reached it; retried with backoff. */
export class OrgoUnreachableError extends OrgoError {
  override name = "OrgoUnreachableError";
}
/** No answer within the client's timeout; an action may have happened. */
export class OrgoTimeoutError extends OrgoError {
  override name = "OrgoTimeoutError";
}
/** The connection failed (refused, reset); an action may have happened if the request was sent. */
export class OrgoNetworkError extends OrgoError {
  override name = "OrgoNetworkError";
}
/** A 2xx answer that does not have the documented shape (e.g. a screenshot that is no image). */
export class OrgoProtocolError extends OrgoError {
  override name = "OrgoProtocolError";
}

const DESKTOP_UNAVAILABLE = /desktop instance not available/i;

/** Builds the error class that matches an Orgo error response. */
export function errorForResponse(
  status: number,
  body: { error?: unknown; request_id?: unknown; upstream_status?: unknown } | undefined,
  fields: OrgoErrorFields & { retryAfter?: string | null },
): OrgoError {
  const message = typeof body?.error === "string" && body.error ? body.error : `HTTP ${status}`;
  const all: OrgoErrorFields = {
    ...fields,
    status,
    ...(typeof body?.request_id === "string" ? { requestId: body.request_id } : {}),
    ...(typeof body?.upstream_status === "number" ? { upstreamStatus: body.upstream_status } : {}),
  };
  const text = `Orgo ${fields.method ?? ""} ${fields.path ?? ""} failed (${status}): ${message}`;
  switch (status) {
    case 400:
      return DESKTOP_UNAVAILABLE.test(message)
        ? new OrgoDesktopUnavailableError(text, all)
        : new OrgoValidationError(text, all);
    case 401:
      return new OrgoAuthError(text, all);
    case 402:
      return new OrgoInsufficientCreditsError(text, all);
    case 403:
      return new OrgoForbiddenError(text, all);
    case 404:
      return new OrgoNotFoundError(text, all);
    case 405:
      return new OrgoMethodNotAllowedError(text, all);
    case 409:
      return new OrgoConflictError(text, all);
    case 429: {
      const error = new OrgoRateLimitError(text, all);
      error.retryAfterMs = parseRetryAfter(fields.retryAfter);
      return error;
    }
    case 503:
      return new OrgoUnreachableError(text, all);
    default:
      return status >= 500
        ? new OrgoUpstreamError(text, all)
        : new OrgoError(text, { ...all, maybePerformed: false });
  }
}

function parseRetryAfter(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
