/** The `error.type` values Stripe's v1 API answers with. */
export type StripeErrorType =
  | "api_error"
  | "card_error"
  | "idempotency_error"
  | "invalid_request_error";

/** What goes inside `{"error": …}` on the wire. */
export type StripeErrorBody = {
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
  doc_url?: string;
};

/**
 * A Stripe-shaped API failure: thrown anywhere in a handler, rendered by the
 * app's error handler as `{"error": {...}}` with the given status.
 */
export class StripeApiError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;
  readonly headers: Record<string, string>;
  /** Whether an idempotency key should remember this outcome (see idempotency.ts). */
  readonly replayable: boolean;

  constructor(
    status: number,
    body: StripeErrorBody,
    options: { headers?: Record<string, string>; replayable?: boolean; cause?: unknown } = {},
  ) {
    super(body.message, { cause: options.cause });
    this.name = "StripeApiError";
    this.status = status;
    this.body = body.code
      ? {
          ...body,
          doc_url: `https://stripe.com/docs/error-codes/${body.code.replaceAll("_", "-")}`,
        }
      : body;
    this.headers = options.headers ?? {};
    this.replayable = options.replayable ?? status >= 500;
  }
}

/** 404 for an id that names nothing, worded like Stripe ("No such customer: 'cus_x'"). */
export function resourceMissing(noun: string, id: string, param = "id"): StripeApiError {
  return new StripeApiError(404, {
    type: "invalid_request_error",
    code: "resource_missing",
    param,
    message: `No such ${noun}: '${id}'`,
  });
}

/** 400 for a required parameter that was not sent. */
export function parameterMissing(param: string): StripeApiError {
  return new StripeApiError(400, {
    type: "invalid_request_error",
    code: "parameter_missing",
    param,
    message: `Missing required param: ${param}.`,
  });
}

/** 400 for a parameter whose value Stripe would refuse. */
export function invalidParam(param: string, message: string, code?: string): StripeApiError {
  return new StripeApiError(400, {
    type: "invalid_request_error",
    param,
    message,
    ...(code ? { code } : {}),
  });
}

/** 400 for a request that is well-formed but not allowed in the current state. */
export function invalidRequest(message: string, code?: string): StripeApiError {
  return new StripeApiError(400, {
    type: "invalid_request_error",
    message,
    ...(code ? { code } : {}),
  });
}
