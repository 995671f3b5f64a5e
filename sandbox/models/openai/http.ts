import type { Context } from "hono";
import { type ApiErrorType, ModelApiError } from "../api-error.ts";
import type { SandboxCore } from "../core.ts";
import type { FaultStyle } from "../fault-response.ts";

/** How OpenAI words the errors the sandbox injects (it has no 529: overload is a 503). */
export const OPENAI_FAULTS: FaultStyle = {
  overloadedStatus: 503,
  messages: {
    rate_limit: "Rate limit reached for requests. Please try again in 1s.",
    api_error: "The server had an error while processing your request. Sorry about that!",
    overloaded: "The engine is currently overloaded, please try again later.",
  },
};

/** Checks `Authorization: Bearer <key>`; returns the key. */
export function checkOpenAIAuth(c: Context, core: SandboxCore): string {
  const key = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
  if (!key) {
    throw new ModelApiError(
      401,
      "authentication_error",
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    );
  }
  if (core.apiKeys && !core.apiKeys.has(key)) {
    const masked = key.length > 8 ? `${key.slice(0, 3)}*****${key.slice(-4)}` : "*****";
    throw new ModelApiError(
      401,
      "authentication_error",
      `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      { code: "invalid_api_key" },
    );
  }
  return key;
}

const OPENAI_TYPES: Record<ApiErrorType, string> = {
  invalid_request_error: "invalid_request_error",
  authentication_error: "invalid_request_error",
  permission_error: "invalid_request_error",
  not_found_error: "invalid_request_error",
  rate_limit_error: "requests",
  api_error: "server_error",
  overloaded_error: "server_error",
};

/** The OpenAI error body `{error:{message,type,param,code}}` with `x-request-id`. */
export function openaiErrorResponse(error: ModelApiError, requestId: string): Response {
  const code = error.code ?? (error.type === "rate_limit_error" ? "rate_limit_exceeded" : null);
  return Response.json(
    { error: { message: error.message, type: OPENAI_TYPES[error.type], param: error.param, code } },
    { status: error.status, headers: { "x-request-id": requestId, ...error.headers } },
  );
}
