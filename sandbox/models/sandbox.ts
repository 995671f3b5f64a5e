import { type Context, Hono } from "hono";
import { anthropicErrorResponse } from "./anthropic/http.ts";
import { createAnthropicRoutes } from "./anthropic/routes.ts";
import { ModelApiError } from "./api-error.ts";
import { createSandboxCore, type ModelSandboxOptions } from "./core.ts";
import type { FaultInjector } from "./faults.ts";
import { openaiErrorResponse } from "./openai/http.ts";
import { createOpenAIRoutes } from "./openai/routes.ts";
import type { PromptCache } from "./prompt-cache.ts";
import type { RequestLog } from "./request-log.ts";

/** A running-ready model sandbox: serve `app` with `listen(app)`, steer it with the rest. */
export type ModelSandbox = {
  app: Hono;
  /** Inject 429/500/529, timeouts, resets and latency for this instance. */
  faults: FaultInjector;
  /** Calls seen, with tokens, tools offered and images; plus running counters. */
  log: RequestLog;
  /** The simulated prompt cache; `clear()` forgets every cached prefix. */
  cache: PromptCache;
};

/**
 * Stand-in for api.anthropic.com: `POST /v1/messages` (JSON and SSE) and
 * `POST /v1/messages/count_tokens`. Point the SDK at it with
 * `new Anthropic({ apiKey, baseURL: url })`.
 */
export function createAnthropicSandbox(options: ModelSandboxOptions = {}): ModelSandbox {
  const core = createSandboxCore(options);
  const app = new Hono();
  app.route("/", createAnthropicRoutes(core));
  app.notFound((c) => notFound(c, "anthropic", core.ids("req_011C")));
  return { app, faults: core.faults, log: core.log, cache: core.cache };
}

/**
 * Stand-in for api.openai.com: `POST /v1/chat/completions` and
 * `POST /v1/responses`. Point the SDK at it with
 * `new OpenAI({ apiKey, baseURL: `${url}/v1` })`.
 */
export function createOpenAISandbox(options: ModelSandboxOptions = {}): ModelSandbox {
  const core = createSandboxCore(options);
  const app = new Hono();
  app.route("/", createOpenAIRoutes(core));
  app.notFound((c) => notFound(c, "openai", core.ids("req_")));
  return { app, faults: core.faults, log: core.log, cache: core.cache };
}

/**
 * Both providers on one app, sharing one brain, fault injector, log and
 * cache: Anthropic's SDK uses `baseURL: url`, OpenAI's `baseURL: url + "/v1"`.
 */
export function createModelSandbox(options: ModelSandboxOptions = {}): ModelSandbox {
  const core = createSandboxCore(options);
  const app = new Hono();
  app.route("/", createAnthropicRoutes(core));
  app.route("/", createOpenAIRoutes(core));
  // Anthropic's SDK always sends anthropic-version; anything else gets OpenAI's shape.
  app.notFound((c) =>
    c.req.header("anthropic-version")
      ? notFound(c, "anthropic", core.ids("req_011C"))
      : notFound(c, "openai", core.ids("req_")),
  );
  return { app, faults: core.faults, log: core.log, cache: core.cache };
}

/** Unknown paths answer in the provider's error shape, so SDKs raise their NotFoundError. */
function notFound(c: Context, provider: "anthropic" | "openai", requestId: string): Response {
  if (provider === "anthropic") {
    return anthropicErrorResponse(
      new ModelApiError(404, "not_found_error", "Not found"),
      requestId,
    );
  }
  const error = new ModelApiError(
    404,
    "not_found_error",
    `Invalid URL (${c.req.method} ${c.req.path})`,
  );
  return openaiErrorResponse(error, requestId);
}
