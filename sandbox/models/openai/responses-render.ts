import { computerTool } from "../brain/conversation.ts";
import type { IdGenerator } from "../ids.ts";
import type { ModelReply } from "../reply.ts";
import type { SseEvent } from "../sse.ts";
import type { NormalizedPart, NormalizedRequest } from "../types.ts";
import { toOpenAIAction } from "./computer-actions.ts";
import type { responsesUsage } from "./usage.ts";

/** An output item of a Response. */
export type OutputItem =
  | {
      type: "message";
      id: string;
      status: "completed";
      role: "assistant";
      content: Array<{ type: "output_text"; text: string; annotations: []; logprobs: [] }>;
    }
  | {
      type: "function_call";
      id: string;
      call_id: string;
      name: string;
      arguments: string;
      status: "completed";
    }
  | {
      type: "computer_call";
      id: string;
      call_id: string;
      pending_safety_checks: [];
      status: "completed";
      action?: ReturnType<typeof toOpenAIAction>;
      actions?: Array<ReturnType<typeof toOpenAIAction>>;
    };

/**
 * Output items for a reply. `computer_use_preview` gets one `action` per
 * `computer_call`; the GA `computer` tool gets the batched `actions` list.
 */
export function renderOutputItems(
  reply: ModelReply,
  request: NormalizedRequest,
  ids: IdGenerator,
): OutputItem[] {
  const batched = computerTool(request)?.form === "computer";
  return reply.blocks.map((block): OutputItem => {
    if (block.type === "text") {
      return {
        type: "message",
        id: ids("msg_"),
        status: "completed",
        role: "assistant",
        content: [{ type: "output_text", text: block.text, annotations: [], logprobs: [] }],
      };
    }
    if (block.type === "tool_call") {
      return {
        type: "function_call",
        id: ids("fc_"),
        call_id: ids("call_"),
        name: block.name,
        arguments: JSON.stringify(block.input),
        status: "completed",
      };
    }
    const action = toOpenAIAction(block.action);
    return {
      type: "computer_call",
      id: ids("cu_"),
      call_id: ids("call_"),
      pending_safety_checks: [],
      status: "completed",
      ...(batched ? { actions: [action] } : { action }),
    };
  });
}

/** The assistant turn the output items add to the stored conversation. */
export function outputAsParts(items: OutputItem[]): NormalizedPart[] {
  return items.map((item): NormalizedPart => {
    if (item.type === "message")
      return { type: "text", text: item.content.map((c) => c.text).join("") };
    if (item.type === "function_call") {
      return {
        type: "tool_call",
        id: item.call_id,
        name: item.name,
        input: JSON.parse(item.arguments),
        computer: false,
      };
    }
    return {
      type: "tool_call",
      id: item.call_id,
      name: "computer",
      input: item.action ?? item.actions,
      computer: true,
    };
  });
}

/** The Response object. */
export function renderResponse(fields: {
  id: string;
  createdAt: number;
  model: string;
  output: OutputItem[];
  usage: ReturnType<typeof responsesUsage>;
  reply: ModelReply;
  raw: Record<string, unknown>;
}) {
  const { raw, reply } = fields;
  const incomplete = reply.stopReason === "max_tokens";
  return {
    id: fields.id,
    object: "response" as const,
    created_at: fields.createdAt,
    status: incomplete ? ("incomplete" as const) : ("completed" as const),
    completed_at: incomplete ? null : fields.createdAt,
    error: null,
    incomplete_details: incomplete ? { reason: "max_output_tokens" as const } : null,
    instructions: raw.instructions ?? null,
    max_output_tokens: raw.max_output_tokens ?? null,
    model: fields.model,
    output: fields.output,
    parallel_tool_calls: raw.parallel_tool_calls !== false,
    previous_response_id: raw.previous_response_id ?? null,
    reasoning: { effort: null, summary: null },
    store: raw.store !== false,
    temperature: 1,
    text: { format: { type: "text" } },
    tool_choice: raw.tool_choice ?? "auto",
    tools: raw.tools ?? [],
    top_p: 1,
    truncation: raw.truncation ?? "disabled",
    usage: fields.usage,
    metadata: raw.metadata ?? {},
    user: null,
  };
}

/**
 * The streamed form: response.created / in_progress, per item
 * output_item.added (with text or argument deltas between) and
 * output_item.done, then response.completed, all numbered.
 */
export function responseStreamEvents(response: ReturnType<typeof renderResponse>): SseEvent[] {
  const events: SseEvent[] = [];
  const emit = (type: string, fields: object) =>
    events.push({ event: type, data: { type, sequence_number: events.length, ...fields } });
  const started = { ...response, status: "in_progress", output: [], usage: null };
  emit("response.created", { response: started });
  emit("response.in_progress", { response: started });
  response.output.forEach((item, output_index) => {
    if (item.type === "message") {
      emit("response.output_item.added", {
        output_index,
        item: { ...item, status: "in_progress", content: [] },
      });
      const part = item.content[0]!;
      const at = { item_id: item.id, output_index, content_index: 0 };
      emit("response.content_part.added", { ...at, part: { ...part, text: "" } });
      emit("response.output_text.delta", { ...at, delta: part.text, logprobs: [] });
      emit("response.output_text.done", { ...at, text: part.text, logprobs: [] });
      emit("response.content_part.done", { ...at, part });
    } else if (item.type === "function_call") {
      emit("response.output_item.added", {
        output_index,
        item: { ...item, status: "in_progress", arguments: "" },
      });
      emit("response.function_call_arguments.delta", {
        item_id: item.id,
        output_index,
        delta: item.arguments,
      });
      emit("response.function_call_arguments.done", {
        item_id: item.id,
        output_index,
        arguments: item.arguments,
      });
    } else {
      emit("response.output_item.added", {
        output_index,
        item: { ...item, status: "in_progress" },
      });
    }
    emit("response.output_item.done", { output_index, item });
  });
  emit(response.status === "completed" ? "response.completed" : "response.incomplete", {
    response,
  });
  return events;
}
