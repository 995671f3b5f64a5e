import { ModelApiError } from "./api-error.ts";
import type { SandboxCore } from "./core.ts";
import type { Endpoint, RequestLogEntry } from "./request-log.ts";

/** What a route fills in about its call as it goes. */
export type CallRecord = Omit<RequestLogEntry, "seq" | "at" | "status" | "endpoint">;

/**
 * Runs one API call: the route fills `record`, any `ModelApiError` becomes
 * the provider's error response, anything else a 500, and every outcome is
 * logged exactly once.
 */
export async function runCall(
  core: SandboxCore,
  endpoint: Endpoint,
  renderError: (error: ModelApiError) => Response,
  handler: (record: CallRecord, startLatency: (signal: AbortSignal) => void) => Promise<Response>,
): Promise<Response> {
  const record: CallRecord = { stream: false, tools: [], images: 0, messages: 0, calls: [] };
  // The configured latency is the time to the answer, as a real API's is: the
  // route starts it once the call is accepted, does its work meanwhile, and
  // the answer (or error) goes out when it has passed.
  let answerable: Promise<void> | undefined;
  const startLatency = (signal: AbortSignal) => {
    answerable = core.sleep(core.faults.latencyMs, signal);
    answerable.catch(() => {}); // awaited below; a client gone meanwhile rejects it
  };
  let response: Response;
  try {
    response = await handler(record, startLatency);
    await answerable;
  } catch (error) {
    const apiError =
      error instanceof ModelApiError
        ? error
        : new ModelApiError(500, "api_error", "Internal server error", { cause: error });
    record.error = error instanceof Error ? error.message : String(error);
    response = renderError(apiError);
  }
  core.log.record({ endpoint, status: response.status, ...record });
  return response;
}
