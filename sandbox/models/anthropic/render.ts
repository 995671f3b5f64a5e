import { computerTool } from "../brain/conversation.ts";
import type { IdGenerator } from "../ids.ts";
import type { ModelReply } from "../reply.ts";
import type { NormalizedRequest } from "../types.ts";
import type { anthropicUsage } from "./usage.ts";

/** A content block of a Message, as the API returns it. */
export type AnthropicContentBlock =
  | { type: "text"; text: string; citations: null }
  | {
      type: "tool_use";
      id: string;
      name: string;
      input: Record<string, unknown>;
      caller: { type: "direct" };
      toolset_name?: "computer";
    };

/** A Message object (the non-streaming response body). */
export type AnthropicMessageBody = {
  id: string;
  type: "message";
  role: "assistant";
  model: string;
  content: AnthropicContentBlock[];
  stop_reason: ModelReply["stopReason"];
  stop_sequence: string | null;
  stop_details: null;
  container: null;
  diagnostics: null;
  usage: ReturnType<typeof anthropicUsage>;
};

/**
 * Content blocks for a reply. Computer actions follow the declared tool: the
 * beta tools get `name: "computer"` with the action in `input`; the GA
 * toolset gets `name: <action>`, the other fields as `input`, and
 * `toolset_name: "computer"`.
 */
export function renderAnthropicContent(
  reply: ModelReply,
  request: NormalizedRequest,
  ids: IdGenerator,
): AnthropicContentBlock[] {
  const computer = computerTool(request);
  const caller = { type: "direct" } as const;
  return reply.blocks.map((block): AnthropicContentBlock => {
    if (block.type === "text") return { type: "text", text: block.text, citations: null };
    const id = ids("toolu_01");
    if (block.type === "tool_call")
      return { type: "tool_use", id, name: block.name, input: block.input, caller };
    if (computer?.form === "computer_toolset_20260801") {
      const { action, ...input } = block.action;
      return { type: "tool_use", id, name: action, input, caller, toolset_name: "computer" };
    }
    return {
      type: "tool_use",
      id,
      name: computer?.name ?? "computer",
      input: { ...block.action },
      caller,
    };
  });
}
