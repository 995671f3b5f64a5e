import type { IdGenerator } from "../ids.ts";
import type { ModelReply } from "../reply.ts";
import type { chatUsage } from "./usage.ts";

type Usage = ReturnType<typeof chatUsage>;
type ToolCall = { id: string; type: "function"; function: { name: string; arguments: string } };

/** A `chat.completion` object. */
export type ChatCompletionBody = {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: Array<{
    index: 0;
    message: {
      role: "assistant";
      content: string | null;
      refusal: null;
      annotations: [];
      tool_calls?: ToolCall[];
    };
    logprobs: null;
    finish_reason: "stop" | "length" | "tool_calls";
  }>;
  usage: Usage;
  service_tier: "default";
  system_fingerprint: string;
};

const FINISH = {
  end_turn: "stop",
  stop_sequence: "stop",
  max_tokens: "length",
  tool_use: "tool_calls",
} as const;

/** The completion for a reply; tool calls carry their arguments as a JSON string. */
export function renderChatCompletion(
  reply: ModelReply,
  meta: { id: string; created: number; model: string; usage: Usage },
  ids: IdGenerator,
): ChatCompletionBody {
  const text = reply.blocks.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("");
  const toolCalls = reply.blocks.flatMap((b): ToolCall[] =>
    b.type === "tool_call"
      ? [
          {
            id: ids("call_"),
            type: "function",
            function: { name: b.name, arguments: JSON.stringify(b.input) },
          },
        ]
      : [],
  );
  return {
    id: meta.id,
    object: "chat.completion",
    created: meta.created,
    model: meta.model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: text || (toolCalls.length > 0 ? null : ""),
          refusal: null,
          annotations: [],
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: FINISH[reply.stopReason],
      },
    ],
    usage: meta.usage,
    service_tier: "default",
    system_fingerprint: "fp_sandbox",
  };
}

/**
 * The `chat.completion.chunk` sequence for a completion: a role chunk,
 * content pieces, each tool call opened with id and name then its arguments
 * in pieces, a finish chunk, and, with `include_usage`, a last chunk with
 * empty choices and the usage (earlier chunks then carry `usage: null`).
 */
export function chatCompletionChunks(
  completion: ChatCompletionBody,
  includeUsage: boolean,
): unknown[] {
  const { id, created, model, system_fingerprint } = completion;
  const choice = completion.choices[0]!;
  const base = {
    id,
    object: "chat.completion.chunk",
    created,
    model,
    service_tier: "default",
    system_fingerprint,
  };
  const chunk = (delta: object, finish_reason: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason }],
    ...(includeUsage ? { usage: null } : {}),
  });
  const chunks: unknown[] = [chunk({ role: "assistant", content: "", refusal: null })];
  for (const piece of pieces(choice.message.content ?? "", 24))
    chunks.push(chunk({ content: piece }));
  (choice.message.tool_calls ?? []).forEach((call, index) => {
    chunks.push(
      chunk({
        tool_calls: [
          {
            index,
            id: call.id,
            type: "function",
            function: { name: call.function.name, arguments: "" },
          },
        ],
      }),
    );
    for (const piece of pieces(call.function.arguments, 16)) {
      chunks.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  });
  chunks.push(chunk({}, choice.finish_reason));
  if (includeUsage) chunks.push({ ...base, choices: [], usage: completion.usage });
  return chunks;
}

function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
