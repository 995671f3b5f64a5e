import type { ImageInfo, NormalizedPart, NormalizedRequest } from "../types.ts";
import type { AnthropicBlock, AnthropicMessage, ValidatedAnthropicRequest } from "./validate.ts";

/** The provider-neutral view of a validated Messages request. */
export function normalizeAnthropicRequest({
  body,
  tools,
  toolChoice,
  images,
}: ValidatedAnthropicRequest): NormalizedRequest {
  const systemParts = [textOfContent(body.system)];
  const messages: NormalizedRequest["messages"] = [];
  for (const message of body.messages) {
    if (message.role === "system") systemParts.push(textOfContent(message.content));
    else messages.push({ role: message.role, parts: partsOf(message, images) });
  }
  return {
    api: "anthropic",
    model: body.model,
    system: systemParts.filter(Boolean).join("\n"),
    messages,
    tools,
    toolChoice,
    maxTokens: body.max_tokens,
  };
}

function textOfContent(content: string | AnthropicBlock[] | undefined): string {
  if (content === undefined) return "";
  if (typeof content === "string") return content;
  return content.flatMap((b) => (b.type === "text" ? [b.text as string] : [])).join("\n");
}

function partsOf(message: AnthropicMessage, images: Map<object, ImageInfo>): NormalizedPart[] {
  if (typeof message.content === "string") return [{ type: "text", text: message.content }];
  return message.content.flatMap((block): NormalizedPart[] => {
    switch (block.type) {
      case "text":
        return [{ type: "text", text: block.text as string }];
      case "image": {
        const info = images.get(block);
        return info ? [{ type: "image", ...info }] : [];
      }
      case "tool_use":
        return [
          {
            type: "tool_call",
            id: block.id as string,
            name: block.name as string,
            input: block.input,
            computer: block.toolset_name === "computer" || block.name === "computer",
          },
        ];
      case "tool_result": {
        const content = block.content;
        const inner = Array.isArray(content) ? (content as AnthropicBlock[]) : [];
        return [
          {
            type: "tool_result",
            id: block.tool_use_id as string,
            text: typeof content === "string" ? content : textOfContent(inner),
            images: inner.flatMap((b) => {
              const info = b.type === "image" ? images.get(b) : undefined;
              return info ? [info] : [];
            }),
            isError: block.is_error === true,
          },
        ];
      }
      default:
        return [];
    }
  });
}
