import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import { ModelApiError } from "./api-error.ts";
import type { CallRecord } from "./call.ts";
import type { SandboxCore } from "./core.ts";
import type { FaultKind } from "./faults.ts";

/** How a provider words the injected errors. */
export type FaultStyle = {
  overloadedStatus: number;
  messages: { rate_limit: string; api_error: string; overloaded: string };
};

/**
 * Draws this call's fault, if any, and notes it in the log record. Returns a
 * response to send as is (hang, reset), "midstream" when a streaming route
 * should fail after starting, or undefined to answer normally; injected API
 * errors are thrown for the route to render.
 */
export async function applyFault(
  c: Context,
  core: SandboxCore,
  record: CallRecord,
  style: FaultStyle,
): Promise<Response | "midstream" | undefined> {
  const fault = core.faults.take();
  record.fault = fault;
  if (!fault) return undefined;
  if (fault === "overloaded_midstream" && record.stream) return "midstream";
  const outcome = await injectFault(
    fault === "overloaded_midstream" ? "overloaded" : fault,
    c,
    core,
    style,
  );
  if (outcome instanceof Response) return outcome;
  throw outcome;
}

/**
 * Carries out an injected fault. Errors come back as `ModelApiError` for the
 * route to render; a timeout hangs until the client hangs up; a reset
 * destroys the socket (or, outside Node's server, yields a body that fails).
 */
export async function injectFault(
  kind: Exclude<FaultKind, "overloaded_midstream">,
  c: Context,
  core: SandboxCore,
  style: FaultStyle,
): Promise<ModelApiError | Response> {
  switch (kind) {
    case "rate_limit":
      return new ModelApiError(429, "rate_limit_error", style.messages.rate_limit, {
        headers: { "retry-after": String(core.faults.retryAfterSeconds) },
      });
    case "api_error":
      return new ModelApiError(500, "api_error", style.messages.api_error);
    case "overloaded":
      return new ModelApiError(
        style.overloadedStatus,
        "overloaded_error",
        style.messages.overloaded,
      );
    case "timeout":
      await core.sleep(core.faults.hangMs, c.req.raw.signal);
      return new ModelApiError(504, "api_error", "Gateway timeout: the sandbox hung on purpose");
    case "connection_reset":
      return resetConnection(c);
  }
}

function resetConnection(c: Context): Response {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming) {
    incoming.socket.destroy();
    return new Response(null, { status: 500 });
  }
  return new Response(
    new ReadableStream({
      start(controller) {
        controller.error(new Error("connection reset by the model sandbox"));
      },
    }),
  );
}
