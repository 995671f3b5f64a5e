import { contentDigest } from "../ids.ts";
import type { CacheSegment } from "../prompt-cache.ts";
import { jsonTokens, openaiImageTokens, TOKEN_COSTS, textTokens } from "../tokens.ts";
import type { NormalizedPart, NormalizedRequest } from "../types.ts";

/**
 * The prompt as OpenAI caches it: tool definitions, the system text, then
 * each message whole (images by digest). The reply priming closes it.
 */
export function openaiPromptSegments(
  request: NormalizedRequest,
  rawTools: readonly unknown[],
): CacheSegment[] {
  const segments: CacheSegment[] = rawTools.map((tool) => ({
    tokens: jsonTokens(tool),
    fingerprint: `tool:${contentDigest(tool)}`,
  }));
  if (request.system) {
    segments.push({
      tokens: textTokens(request.system) + TOKEN_COSTS.perMessage,
      fingerprint: `system:${request.system}`,
    });
  }
  for (const message of request.messages) {
    segments.push({
      tokens:
        TOKEN_COSTS.perMessage + message.parts.reduce((sum, part) => sum + partTokens(part), 0),
      fingerprint: `${message.role}:${contentDigest(message.parts)}`,
    });
  }
  segments.push({ tokens: TOKEN_COSTS.openaiReplyPriming, fingerprint: "reply" });
  return segments;
}

function partTokens(part: NormalizedPart): number {
  switch (part.type) {
    case "text":
      return textTokens(part.text);
    case "image":
      return openaiImageTokens(part);
    case "tool_call":
      return textTokens(part.name) + jsonTokens(part.input);
    case "tool_result":
      return (
        textTokens(part.text) +
        part.images.reduce((sum, image) => sum + openaiImageTokens(image), 0)
      );
  }
}

/** Chat Completions `usage`. */
export function chatUsage(promptTokens: number, cachedTokens: number, completionTokens: number) {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cachedTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/** Responses API `usage`. */
export function responsesUsage(inputTokens: number, cachedTokens: number, outputTokens: number) {
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: cachedTokens, cache_write_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + outputTokens,
  };
}
