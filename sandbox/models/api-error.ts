/** Error types both providers share; each route renders them in its own body shape. */
export type ApiErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "rate_limit_error"
  | "api_error"
  | "overloaded_error";

/**
 * A request the sandbox rejects the way the real API would. `param` and
 * `code` feed OpenAI's body; `details` feeds Anthropic's `error.details`.
 */
export class ModelApiError extends Error {
  override readonly name = "ModelApiError";
  readonly status: number;
  readonly type: ApiErrorType;
  readonly param: string | null;
  readonly code: string | null;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    type: ApiErrorType,
    message: string,
    extra: {
      param?: string | null;
      code?: string | null;
      details?: Record<string, unknown>;
      headers?: Record<string, string>;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: extra.cause });
    this.status = status;
    this.type = type;
    this.param = extra.param ?? null;
    this.code = extra.code ?? null;
    this.details = extra.details;
    this.headers = extra.headers ?? {};
  }
}

/** Shorthand for the 400 every validation failure is. */
export function invalidRequest(
  message: string,
  extra: { param?: string; code?: string; details?: Record<string, unknown> } = {},
): ModelApiError {
  return new ModelApiError(400, "invalid_request_error", message, extra);
}
