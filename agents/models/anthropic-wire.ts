import type Anthropic from "@anthropic-ai/sdk";
import type {
  AssistantPart,
  ImagePart,
  ModelMessage,
  ModelRequest,
  ModelResponse,
  StopReason,
  TextPart,
} from "./types.ts";

type Params = Anthropic.MessageCreateParamsNonStreaming;
type Block = Anthropic.ContentBlockParam;
const EPHEMERAL = { type: "ephemeral" } as const;

/** The Messages API body for a normalized request (without `model` / `max_tokens`). */
export function toAnthropic(request: ModelRequest): Pick<Params, "system" | "messages" | "tools"> {
  const messages = request.messages.map(toAnthropicMessage);
  if (request.cache) markLastBlock(messages);
  return {
    system: request.system
      ? [
          {
            type: "text",
            text: request.system,
            ...(request.cache ? { cache_control: EPHEMERAL } : {}),
          },
        ]
      : undefined,
    messages,
    tools: request.tools?.map((tool) => ({
      name: tool.name,
      description: tool.description,
      input_schema: tool.inputSchema as Anthropic.Tool.InputSchema,
    })),
  };
}

function toAnthropicMessage(message: ModelMessage): Anthropic.MessageParam {
  if (message.role === "assistant") {
    return {
      role: "assistant",
      content: message.content.map(
        (part): Block =>
          part.type === "text"
            ? { type: "text", text: part.text }
            : { type: "tool_use", id: part.id, name: part.name, input: part.input },
      ),
    };
  }
  return {
    role: "user",
    content: message.content.map((part): Block => {
      if (part.type !== "tool_result") return leaf(part);
      return {
        type: "tool_result",
        tool_use_id: part.toolUseId,
        content: part.content.map(leaf) as Anthropic.ToolResultBlockParam["content"],
        ...(part.isError ? { is_error: true } : {}),
      };
    }),
  };
}

function leaf(part: TextPart | ImagePart): Anthropic.TextBlockParam | Anthropic.ImageBlockParam {
  return part.type === "text"
    ? { type: "text", text: part.text }
    : { type: "image", source: { type: "base64", media_type: part.mediaType, data: part.data } };
}

/** A breakpoint on the newest block, so later rounds of one turn reuse the prefix. */
function markLastBlock(messages: Anthropic.MessageParam[]): void {
  const last = messages.at(-1);
  if (!last || typeof last.content === "string") return;
  const block = last.content.at(-1) as { cache_control?: unknown } | undefined;
  if (block) block.cache_control = EPHEMERAL;
}

const STOP: Record<string, StopReason> = {
  end_turn: "end_turn",
  stop_sequence: "end_turn",
  tool_use: "tool_use",
  max_tokens: "max_tokens",
  model_context_window_exceeded: "max_tokens",
  refusal: "refusal",
};

/** A normalized response from a Message; blocks we do not use (thinking, server tools) are dropped. */
export function fromAnthropic(message: Anthropic.Message, provider = "anthropic"): ModelResponse {
  const content = message.content.flatMap((block): AssistantPart[] => {
    if (block.type === "text") return block.text ? [{ type: "text", text: block.text }] : [];
    if (block.type === "tool_use") {
      const input = (block.input ?? {}) as Record<string, unknown>;
      return [{ type: "tool_use", id: block.id, name: block.name, input }];
    }
    return [];
  });
  const usage = message.usage;
  return {
    id: message.id,
    content,
    stopReason: STOP[message.stop_reason ?? ""] ?? "other",
    usage: {
      input: usage.input_tokens,
      output: usage.output_tokens,
      cacheRead: usage.cache_read_input_tokens ?? 0,
      cacheWrite: usage.cache_creation_input_tokens ?? 0,
    },
    provider,
    model: message.model,
  };
}
