import type OpenAI from "openai";
import type {
  AssistantPart,
  ImagePart,
  ModelMessage,
  ModelRequest,
  ModelResponse,
  StopReason,
  TextPart,
} from "./types.ts";

type ChatMessage = OpenAI.Chat.ChatCompletionMessageParam;
type UserContent = OpenAI.Chat.ChatCompletionContentPart;

/** The Chat Completions body for a normalized request (without `model`). */
export function toOpenAIChat(
  request: ModelRequest,
): Pick<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, "messages" | "tools"> {
  const messages: ChatMessage[] = request.system
    ? [{ role: "system", content: request.system }]
    : [];
  for (const message of request.messages) messages.push(...toChatMessages(message));
  const tools = request.tools?.map(
    (tool): OpenAI.Chat.ChatCompletionFunctionTool => ({
      type: "function",
      function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
    }),
  );
  return { messages, ...(tools && tools.length > 0 ? { tools } : {}) };
}

/**
 * One normalized turn as chat messages: tool results become `tool` messages
 * (which must directly follow the assistant's calls); images inside them,
 * which a `tool` message cannot carry, follow in a user message.
 */
function toChatMessages(message: ModelMessage): ChatMessage[] {
  if (message.role === "assistant") {
    const text = message.content.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("\n");
    const calls = message.content.flatMap((p) =>
      p.type === "tool_use"
        ? [
            {
              id: p.id,
              type: "function" as const,
              function: { name: p.name, arguments: JSON.stringify(p.input) },
            },
          ]
        : [],
    );
    return [
      {
        role: "assistant",
        content: text || null,
        ...(calls.length > 0 ? { tool_calls: calls } : {}),
      },
    ];
  }
  const out: ChatMessage[] = [];
  const userContent: UserContent[] = [];
  const toolImages: UserContent[] = [];
  for (const part of message.content) {
    if (part.type === "tool_result") {
      const text = part.content.flatMap((c) => (c.type === "text" ? [c.text] : [])).join("\n");
      out.push({
        role: "tool",
        tool_call_id: part.toolUseId,
        content: `${part.isError ? "[error] " : ""}${text || "(no text)"}`,
      });
      for (const c of part.content) if (c.type === "image") toolImages.push(userPart(c));
    } else {
      userContent.push(userPart(part));
    }
  }
  const after = [...toolImages, ...userContent];
  if (after.length > 0) out.push({ role: "user", content: after });
  return out;
}

function userPart(part: TextPart | ImagePart): UserContent {
  return part.type === "text"
    ? { type: "text", text: part.text }
    : { type: "image_url", image_url: { url: `data:${part.mediaType};base64,${part.data}` } };
}

const STOP: Record<string, StopReason> = {
  stop: "end_turn",
  tool_calls: "tool_use",
  function_call: "tool_use",
  length: "max_tokens",
  content_filter: "refusal",
};

/** A normalized response from a chat completion; unparseable arguments arrive as `{}` with `_raw`. */
export function fromOpenAIChat(
  completion: OpenAI.Chat.ChatCompletion,
  provider = "openai",
): ModelResponse {
  const choice = completion.choices[0];
  const content: AssistantPart[] = [];
  if (choice?.message.content) content.push({ type: "text", text: choice.message.content });
  for (const call of choice?.message.tool_calls ?? []) {
    if (call.type !== "function") continue;
    content.push({
      type: "tool_use",
      id: call.id,
      name: call.function.name,
      input: parseArguments(call.function.arguments),
    });
  }
  const usage = completion.usage;
  const cached = usage?.prompt_tokens_details?.cached_tokens ?? 0;
  return {
    id: completion.id,
    content,
    stopReason: STOP[choice?.finish_reason ?? ""] ?? "other",
    usage: {
      input: Math.max(0, (usage?.prompt_tokens ?? 0) - cached),
      output: usage?.completion_tokens ?? 0,
      cacheRead: cached,
      cacheWrite: 0,
    },
    provider,
    model: completion.model,
  };
}

function parseArguments(raw: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(raw || "{}");
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : { _raw: raw };
  } catch {
    return { _raw: raw };
  }
}
