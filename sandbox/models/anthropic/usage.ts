import { contentDigest } from "../ids.ts";
import { isObject, type JsonObject } from "../json.ts";
import {
  type CacheSegment,
  type ExplicitCacheOutcome,
  FIVE_MINUTES,
  ONE_HOUR,
} from "../prompt-cache.ts";
import { anthropicImageTokens, jsonTokens, TOKEN_COSTS, textTokens } from "../tokens.ts";
import type { ImageInfo } from "../types.ts";
import type { AnthropicBlock, ValidatedAnthropicRequest } from "./validate.ts";

/**
 * The prompt as Anthropic caches it: tools, then system, then every message
 * block, each with its token count; blocks carrying `cache_control` are
 * breakpoints. The top-level `cache_control` marks the last block.
 */
export function anthropicPromptSegments({
  body,
  images,
}: ValidatedAnthropicRequest): CacheSegment[] {
  const segments: CacheSegment[] = [];
  (body.tools ?? []).forEach((tool, k) => {
    const isComputer = typeof tool.type === "string" && tool.type.startsWith("computer_");
    const definition = isComputer
      ? TOKEN_COSTS.computerToolDefinition
      : jsonTokens({
          name: tool.name,
          description: tool.description,
          input_schema: tool.input_schema,
        });
    segments.push(
      segment(`tool`, tool, definition + (k === 0 ? TOKEN_COSTS.toolUseSystemPrompt : 0)),
    );
  });
  if (typeof body.system === "string" && body.system)
    segments.push(segment("system", body.system, textTokens(body.system)));
  if (Array.isArray(body.system)) {
    for (const block of body.system)
      segments.push(segment("system", block, textTokens(block.text as string)));
  }
  for (const message of body.messages) {
    const blocks: Array<AnthropicBlock | string> =
      typeof message.content === "string" ? [message.content] : message.content;
    blocks.forEach((block, j) => {
      const tokens = typeof block === "string" ? textTokens(block) : blockTokens(block, images);
      segments.push(segment(message.role, block, tokens + (j === 0 ? TOKEN_COSTS.perMessage : 0)));
    });
  }
  const last = segments.at(-1);
  if (last && isObject(body.cache_control) && last.ttlMs === undefined)
    last.ttlMs = ttlOf(body.cache_control);
  return segments;
}

/** Number of images anywhere in the request (for the log). */
export function imageCount(request: ValidatedAnthropicRequest): number {
  return request.images.size;
}

/** The `usage` object of a Message. */
export function anthropicUsage(cache: ExplicitCacheOutcome, outputTokens: number) {
  return {
    input_tokens: cache.uncached,
    output_tokens: outputTokens,
    cache_creation_input_tokens: cache.created5m + cache.created1h,
    cache_read_input_tokens: cache.read,
    cache_creation: {
      ephemeral_5m_input_tokens: cache.created5m,
      ephemeral_1h_input_tokens: cache.created1h,
    },
    server_tool_use: null,
    service_tier: "standard" as const,
    inference_geo: null,
    output_tokens_details: null,
    speed: null,
  };
}

function blockTokens(block: AnthropicBlock, images: Map<object, ImageInfo>): number {
  switch (block.type) {
    case "text":
      return textTokens(block.text as string);
    case "image":
      return anthropicImageTokens(images.get(block)!);
    case "tool_use":
      return textTokens(block.name as string) + jsonTokens(block.input);
    case "tool_result": {
      const content = block.content;
      if (typeof content === "string") return textTokens(content) + 1;
      if (!Array.isArray(content)) return 1;
      return (
        1 +
        (content as AnthropicBlock[]).reduce((sum, inner) => sum + blockTokens(inner, images), 0)
      );
    }
    case "thinking":
      return textTokens(String(block.thinking ?? ""));
    default:
      return jsonTokens(block);
  }
}

function segment(role: string, block: unknown, tokens: number): CacheSegment {
  const breakpoint = findCacheControl(block);
  return {
    tokens,
    // Moving a breakpoint must not change what the prefix is.
    fingerprint: `${role}:${contentDigest(block, "cache_control")}`,
    ttlMs: breakpoint ? ttlOf(breakpoint) : undefined,
  };
}

function ttlOf(cacheControl: JsonObject): number {
  return cacheControl.ttl === "1h" ? ONE_HOUR : FIVE_MINUTES;
}

/** A block's own `cache_control`, or one on a block nested in its tool_result content. */
function findCacheControl(block: unknown): JsonObject | undefined {
  if (!isObject(block)) return undefined;
  if (isObject(block.cache_control)) return block.cache_control;
  if (Array.isArray(block.content)) {
    return (block.content as unknown[]).map(findCacheControl).findLast((c) => c !== undefined);
  }
  return undefined;
}
