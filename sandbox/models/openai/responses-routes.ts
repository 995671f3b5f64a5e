import { Hono } from "hono";
import { invalidRequest } from "../api-error.ts";
import { runCall } from "../call.ts";
import type { SandboxCore } from "../core.ts";
import { applyFault } from "../fault-response.ts";
import { isObject, readJson } from "../json.ts";
import { totalTokens } from "../prompt-cache.ts";
import { shapeReply } from "../reply.ts";
import { describeCalls, describeRequest } from "../request-log.ts";
import { sseBody } from "../sse.ts";
import { checkOpenAIAuth, OPENAI_FAULTS, openaiErrorResponse } from "./http.ts";
import { type StoredConversation, validateResponsesRequest } from "./responses-input.ts";
import {
  outputAsParts,
  renderOutputItems,
  renderResponse,
  responseStreamEvents,
} from "./responses-render.ts";
import { openaiPromptSegments, responsesUsage } from "./usage.ts";

/** How many responses stay available to `previous_response_id`. */
const STORED_RESPONSES = 1000;

/**
 * `POST /v1/responses` with function and computer tools. Responses are kept
 * in memory so a follow-up can send only its `computer_call_output` with
 * `previous_response_id`, as OpenAI's computer-use loop does.
 */
export function createResponsesRoutes(core: SandboxCore): Hono {
  const app = new Hono();
  const stored = new Map<string, StoredConversation>();

  app.post("/v1/responses", (c) => {
    const requestId = core.ids("req_");
    return runCall(
      core,
      "openai.responses",
      (e) => openaiErrorResponse(e, requestId),
      async (record, startLatency) => {
        const apiKey = checkOpenAIAuth(c, core);
        startLatency(c.req.raw.signal);
        const raw = await readJson(c.req.raw);
        if (!isObject(raw))
          throw invalidRequest("We could not parse the JSON body of your request.");
        record.stream = raw.stream === true;
        if (typeof raw.model === "string") record.model = raw.model;
        const fault = await applyFault(c, core, record, OPENAI_FAULTS);
        if (fault instanceof Response) return fault;

        const previousId = raw.previous_response_id;
        const previous =
          typeof previousId === "string" ? stored.get(`${apiKey}|${previousId}`) : undefined;
        if (typeof previousId === "string" && !previous) {
          throw invalidRequest(`Previous response with id '${previousId}' not found.`, {
            param: "previous_response_id",
            code: "previous_response_not_found",
          });
        }
        const { request, rawTools, stream } = validateResponsesRequest(raw, previous);
        Object.assign(record, describeRequest(request));
        const reply = shapeReply(await core.brain(request), request);
        const segments = openaiPromptSegments(request, rawTools);
        const inputTokens = totalTokens(segments);
        const cached = core.cache.automatic(
          `${apiKey}|${request.model}|${String(raw.prompt_cache_key ?? "")}`,
          segments,
        );
        const output = renderOutputItems(reply, request, core.ids);
        const response = renderResponse({
          id: core.ids("resp_"),
          createdAt: Math.floor(core.now() / 1000),
          model: request.model,
          output,
          usage: responsesUsage(inputTokens, cached, reply.outputTokens),
          reply,
          raw,
        });

        if (raw.store !== false) {
          const openCalls = new Map(
            output.flatMap((item) =>
              item.type === "message"
                ? []
                : [
                    [
                      item.call_id,
                      item.type === "computer_call" ? "computer" : "function",
                    ] as const,
                  ],
            ),
          );
          stored.set(`${apiKey}|${response.id}`, {
            messages: [...request.messages, { role: "assistant", parts: outputAsParts(output) }],
            openCalls,
          });
          if (stored.size > STORED_RESPONSES) stored.delete(stored.keys().next().value!);
        }
        record.usage = {
          input: inputTokens,
          output: reply.outputTokens,
          cacheRead: cached,
          cacheCreation: 0,
        };
        record.calls = describeCalls(reply.blocks);
        record.stopReason = reply.stopReason;
        const headers = { "x-request-id": requestId };
        if (!stream) return c.json(response, 200, headers);
        return new Response(sseBody(responseStreamEvents(response)), {
          headers: {
            ...headers,
            "content-type": "text/event-stream; charset=utf-8",
            "cache-control": "no-cache",
          },
        });
      },
    );
  });

  return app;
}
