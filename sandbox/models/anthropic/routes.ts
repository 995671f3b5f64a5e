import { Hono } from "hono";
import { invalidRequest, ModelApiError } from "../api-error.ts";
import { type CallRecord, runCall } from "../call.ts";
import type { SandboxCore } from "../core.ts";
import { applyFault } from "../fault-response.ts";
import { isObject, readJson } from "../json.ts";
import { totalTokens } from "../prompt-cache.ts";
import { shapeReply } from "../reply.ts";
import { describeCalls, describeRequest } from "../request-log.ts";
import { type SseEvent, sseBody } from "../sse.ts";
import {
  ANTHROPIC_FAULTS,
  anthropicErrorEvent,
  anthropicErrorResponse,
  betasOf,
  checkAnthropicHeaders,
} from "./http.ts";
import { normalizeAnthropicRequest } from "./normalize.ts";
import { type AnthropicMessageBody, renderAnthropicContent } from "./render.ts";
import { anthropicStreamEvents } from "./stream.ts";
import { anthropicPromptSegments, anthropicUsage } from "./usage.ts";
import { validateAnthropicRequest } from "./validate.ts";

/** `POST /v1/messages` and `POST /v1/messages/count_tokens`, as the Anthropic SDK calls them. */
export function createAnthropicRoutes(core: SandboxCore): Hono {
  const app = new Hono();

  app.post("/v1/messages", (c) => {
    const requestId = core.ids("req_011C");
    return runCall(
      core,
      "anthropic.messages",
      (e) => anthropicErrorResponse(e, requestId),
      async (record, startLatency) => {
        const apiKey = checkAnthropicHeaders(c, core);
        startLatency(c.req.raw.signal);
        const raw = await readJson(c.req.raw);
        if (raw === undefined)
          throw invalidRequest("There was an error parsing the body of your request: invalid JSON");
        record.stream = isObject(raw) && raw.stream === true;
        if (isObject(raw) && typeof raw.model === "string") record.model = raw.model;

        const fault = await applyFault(c, core, record, ANTHROPIC_FAULTS);
        if (fault instanceof Response) return fault;

        const validated = validateAnthropicRequest(raw, {
          betas: betasOf(c),
          requireMaxTokens: true,
        });
        const request = normalizeAnthropicRequest(validated);
        Object.assign(record, describeRequest(request));
        const reply = shapeReply(await core.brain(request), request, validated.body.stop_sequences);
        const cache = core.cache.explicit(
          `${apiKey}|${request.model}`,
          anthropicPromptSegments(validated),
        );
        const message: AnthropicMessageBody = {
          id: core.ids("msg_01"),
          type: "message",
          role: "assistant",
          model: request.model,
          content: renderAnthropicContent(reply, request, core.ids),
          stop_reason: reply.stopReason,
          stop_sequence: reply.stopSequence,
          stop_details: null,
          container: null,
          diagnostics: null,
          usage: anthropicUsage(cache, reply.outputTokens),
        };
        noteReply(record, message, reply.blocks);
        if (!record.stream) return c.json(message, 200, { "request-id": requestId });

        let events: SseEvent[] = anthropicStreamEvents(message);
        if (fault === "midstream") {
          const failure = new ModelApiError(
            529,
            "overloaded_error",
            ANTHROPIC_FAULTS.messages.overloaded,
          );
          const cut = events.findIndex((e) => e.event === "content_block_delta");
          events = [
            ...events.slice(0, cut + 1),
            { event: "error", data: anthropicErrorEvent(failure, requestId) },
          ];
        }
        return new Response(sseBody(events), {
          headers: {
            "content-type": "text/event-stream; charset=utf-8",
            "cache-control": "no-cache",
            "request-id": requestId,
          },
        });
      },
    );
  });

  app.post("/v1/messages/count_tokens", (c) => {
    const requestId = core.ids("req_011C");
    return runCall(
      core,
      "anthropic.count_tokens",
      (e) => anthropicErrorResponse(e, requestId),
      async (record, startLatency) => {
        checkAnthropicHeaders(c, core);
        startLatency(c.req.raw.signal);
        const raw = await readJson(c.req.raw);
        if (raw === undefined)
          throw invalidRequest("There was an error parsing the body of your request: invalid JSON");
        const fault = await applyFault(c, core, record, ANTHROPIC_FAULTS);
        if (fault instanceof Response) return fault;
        const validated = validateAnthropicRequest(raw, {
          betas: betasOf(c),
          requireMaxTokens: false,
        });
        Object.assign(record, describeRequest(normalizeAnthropicRequest(validated)));
        const input_tokens = totalTokens(anthropicPromptSegments(validated));
        return c.json({ input_tokens }, 200, { "request-id": requestId });
      },
    );
  });

  return app;
}

function noteReply(
  record: CallRecord,
  message: AnthropicMessageBody,
  blocks: Parameters<typeof describeCalls>[0],
): void {
  const { usage } = message;
  record.usage = {
    input: usage.input_tokens,
    output: usage.output_tokens,
    cacheRead: usage.cache_read_input_tokens,
    cacheCreation: usage.cache_creation_input_tokens,
  };
  record.calls = describeCalls(blocks);
  record.stopReason = message.stop_reason;
}
