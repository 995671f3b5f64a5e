import type { Context } from "hono";
import { invalidRequest, ModelApiError } from "../api-error.ts";
import type { SandboxCore } from "../core.ts";
import type { FaultStyle } from "../fault-response.ts";

/** How Anthropic words the errors the sandbox injects. */
export const ANTHROPIC_FAULTS: FaultStyle = {
  overloadedStatus: 529,
  messages: {
    rate_limit:
      "This request would exceed the rate limit for your organization of 50 requests per minute. Please retry after the time in the retry-after header.",
    api_error: "Internal server error",
    overloaded: "Overloaded",
  },
};

/**
 * Checks the key (`x-api-key`, or `Authorization: Bearer` as SDK 1.x sends
 * it) and the required `anthropic-version` header; returns the key.
 */
export function checkAnthropicHeaders(c: Context, core: SandboxCore): string {
  const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
  const key = c.req.header("x-api-key") || bearer;
  if (!key) throw new ModelApiError(401, "authentication_error", "x-api-key header is required");
  if (core.apiKeys && !core.apiKeys.has(key))
    throw new ModelApiError(401, "authentication_error", "invalid x-api-key");
  if (!c.req.header("anthropic-version"))
    throw invalidRequest("anthropic-version: header is required");
  return key;
}

/** Values of the `anthropic-beta` header(s). */
export function betasOf(c: Context): Set<string> {
  return new Set(
    (c.req.header("anthropic-beta") ?? "")
      .split(",")
      .map((b) => b.trim())
      .filter(Boolean),
  );
}

/** The Anthropic error body: `{type:"error", error:{type, message}, request_id}` plus `request-id` header. */
export function anthropicErrorResponse(error: ModelApiError, requestId: string): Response {
  const body = {
    type: "error",
    error: {
      type: error.type,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
    },
    request_id: requestId,
  };
  return Response.json(body, {
    status: error.status,
    headers: { "request-id": requestId, ...error.headers },
  });
}

/** An `event: error` payload, as sent when a stream fails after it started. */
export function anthropicErrorEvent(error: ModelApiError, requestId: string) {
  return {
    type: "error",
    error: { type: error.type, message: error.message },
    request_id: requestId,
  };
}
