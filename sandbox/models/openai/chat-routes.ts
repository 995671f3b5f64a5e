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
import { chatCompletionChunks, renderChatCompletion } from "./chat-render.ts";
import { validateChatRequest } from "./chat-validate.ts";
import { checkOpenAIAuth, OPENAI_FAULTS, openaiErrorResponse } from "./http.ts";
import { chatUsage, openaiPromptSegments } from "./usage.ts";

/** `POST /v1/chat/completions`, JSON or streamed chunks ending with `data: [DONE]`. */
export function createChatRoutes(core: SandboxCore): Hono {
  const app = new Hono();

  app.post("/v1/chat/completions", (c) => {
    const requestId = core.ids("req_");
    return runCall(
      core,
      "openai.chat",
      (e) => openaiErrorResponse(e, requestId),
      async (record, startLatency) => {
        const apiKey = checkOpenAIAuth(c, core);
        startLatency(c.req.raw.signal);
        const raw = await readJson(c.req.raw);
        if (raw === undefined)
          throw invalidRequest("We could not parse the JSON body of your request.");
        record.stream = isObject(raw) && raw.stream === true;
        if (isObject(raw) && typeof raw.model === "string") record.model = raw.model;
        const fault = await applyFault(c, core, record, OPENAI_FAULTS);
        if (fault instanceof Response) return fault;

        const chat = validateChatRequest(raw);
        const { request } = chat;
        Object.assign(record, describeRequest(request));
        const reply = shapeReply(await core.brain(request), request, chat.stop);
        const segments = openaiPromptSegments(request, chat.rawTools);
        const promptTokens = totalTokens(segments);
        const cached = core.cache.automatic(
          `${apiKey}|${request.model}|${String((raw as { prompt_cache_key?: unknown }).prompt_cache_key ?? "")}`,
          segments,
        );
        const completion = renderChatCompletion(
          reply,
          {
            id: core.ids("chatcmpl-"),
            created: Math.floor(core.now() / 1000),
            model: request.model,
            usage: chatUsage(promptTokens, cached, reply.outputTokens),
          },
          core.ids,
        );
        record.usage = {
          input: promptTokens,
          output: reply.outputTokens,
          cacheRead: cached,
          cacheCreation: 0,
        };
        record.calls = describeCalls(reply.blocks);
        record.stopReason = completion.choices[0]!.finish_reason;
        const headers = { "x-request-id": requestId };
        if (!chat.stream) return c.json(completion, 200, headers);
        const events = [...chatCompletionChunks(completion, chat.includeUsage), "[DONE]"].map(
          (data) => ({ event: "", data }),
        );
        return new Response(sseBody(events, { dataOnly: true }), {
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
