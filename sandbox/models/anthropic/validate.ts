import { invalidRequest } from "../api-error.ts";
import { isObject, type JsonObject } from "../json.ts";
import type { ImageInfo, NormalizedTool, ToolChoice } from "../types.ts";
import { validateImageBlock } from "./validate-image.ts";
import { validateToolChoice, validateTools } from "./validate-tools.ts";

/** A content block as sent. */
export type AnthropicBlock = JsonObject & { type: string };
/** A message as sent (`system` messages are allowed by the current API). */
export type AnthropicMessage = {
  role: "user" | "assistant" | "system";
  content: string | AnthropicBlock[];
};
/** The parts of a Messages request body the sandbox reads. */
export type AnthropicBody = {
  model: string;
  max_tokens?: number;
  messages: AnthropicMessage[];
  system?: string | AnthropicBlock[];
  tools?: JsonObject[];
  stream?: boolean;
  stop_sequences?: string[];
  cache_control?: JsonObject;
};

/** A request that passed validation, with what validation learned on the way. */
export type ValidatedAnthropicRequest = {
  body: AnthropicBody;
  tools: NormalizedTool[];
  toolChoice: ToolChoice;
  /** Decoded size of every image block, keyed by the block object. */
  images: Map<object, ImageInfo>;
};

const MAX_CACHE_BREAKPOINTS = 4;

/**
 * Rejects what the Messages API rejects, with its messages: missing fields,
 * non-alternating roles, empty content, unpaired tool_use/tool_result, bad
 * images, unknown tools, too many cache breakpoints. `count_tokens` does not
 * need `max_tokens`.
 */
export function validateAnthropicRequest(
  raw: unknown,
  { betas, requireMaxTokens }: { betas: ReadonlySet<string>; requireMaxTokens: boolean },
): ValidatedAnthropicRequest {
  if (!isObject(raw))
    throw invalidRequest(
      "There was an error parsing the body of your request: expected a JSON object",
    );
  if (typeof raw.model !== "string" || raw.model === "")
    throw invalidRequest("model: Field required");
  if (raw.max_tokens === undefined) {
    if (requireMaxTokens) throw invalidRequest("max_tokens: Field required");
  } else if (
    typeof raw.max_tokens !== "number" ||
    !Number.isInteger(raw.max_tokens) ||
    raw.max_tokens < 0
  ) {
    throw invalidRequest("max_tokens: Input should be a valid integer greater than or equal to 0");
  }
  if (raw.messages === undefined) throw invalidRequest("messages: Field required");
  if (!Array.isArray(raw.messages)) throw invalidRequest("messages: Input should be a valid list");
  if (raw.messages.length === 0) throw invalidRequest("messages: at least one message is required");
  if (raw.stream !== undefined && typeof raw.stream !== "boolean")
    throw invalidRequest("stream: Input should be a valid boolean");
  if (
    raw.stop_sequences !== undefined &&
    (!Array.isArray(raw.stop_sequences) || raw.stop_sequences.some((s) => typeof s !== "string"))
  ) {
    throw invalidRequest("stop_sequences: Input should be a valid list of strings");
  }

  const images = new Map<object, ImageInfo>();
  const sent: unknown[] = raw.messages;
  const messages = sent.map((message, i) =>
    validateMessage(message, i, i === sent.length - 1, images),
  );
  validateSystem(raw.system);
  checkAlternation(messages);
  checkToolPairing(messages);

  const tools = validateTools(raw.tools, betas);
  const toolChoice = validateToolChoice(raw.tool_choice, tools);
  const usesTools = messages.some(
    (m) =>
      typeof m.content !== "string" &&
      m.content.some((b) => b.type === "tool_use" || b.type === "tool_result"),
  );
  if (usesTools && tools.length === 0) {
    throw invalidRequest(
      "Requests which include `tool_use` or `tool_result` blocks must define tools.",
    );
  }
  const breakpoints = countCacheControl(raw);
  if (breakpoints > MAX_CACHE_BREAKPOINTS) {
    throw invalidRequest(
      `A maximum of ${MAX_CACHE_BREAKPOINTS} blocks with cache_control may be provided. Found ${breakpoints}.`,
    );
  }
  return { body: { ...raw, messages } as AnthropicBody, tools, toolChoice, images };
}

const USER_BLOCKS = new Set(["text", "image", "document", "tool_result", "search_result"]);
const ASSISTANT_BLOCKS = new Set(["text", "tool_use", "thinking", "redacted_thinking"]);

function validateMessage(
  message: unknown,
  i: number,
  isLast: boolean,
  images: Map<object, ImageInfo>,
): AnthropicMessage {
  if (!isObject(message)) throw invalidRequest(`messages.${i}: Input should be a valid dictionary`);
  const { role, content } = message;
  if (role !== "user" && role !== "assistant" && role !== "system") {
    throw invalidRequest(`messages.${i}.role: Input should be 'user', 'assistant' or 'system'`);
  }
  if (typeof content !== "string" && !Array.isArray(content)) {
    throw invalidRequest(
      `messages.${i}.content: Input should be a valid string or list of content blocks`,
    );
  }
  if (content.length === 0 && !(isLast && role === "assistant")) {
    throw invalidRequest(
      `messages.${i}: all messages must have non-empty content except for the optional final assistant message`,
    );
  }
  if (typeof content === "string") return { role, content };
  const allowed =
    role === "assistant" ? ASSISTANT_BLOCKS : role === "user" ? USER_BLOCKS : new Set(["text"]);
  const blocks = content.map((block, j): AnthropicBlock => {
    const at = `messages.${i}.content.${j}`;
    if (!isObject(block) || typeof block.type !== "string")
      throw invalidRequest(`${at}.type: Field required`);
    if (!allowed.has(block.type)) {
      throw invalidRequest(
        `${at}: \`${block.type}\` blocks are not allowed in \`${role}\` messages`,
      );
    }
    validateBlock(block as AnthropicBlock, at, images);
    return block as AnthropicBlock;
  });
  return { role, content: blocks };
}

function validateBlock(block: AnthropicBlock, at: string, images: Map<object, ImageInfo>): void {
  switch (block.type) {
    case "text":
      if (typeof block.text !== "string") throw invalidRequest(`${at}.text.text: Field required`);
      if (block.text === "")
        throw invalidRequest(`${at}.text: text content blocks must be non-empty`);
      return;
    case "image":
      images.set(block, validateImageBlock(block, at));
      return;
    case "tool_use":
      if (typeof block.id !== "string" || block.id === "")
        throw invalidRequest(`${at}.tool_use.id: Field required`);
      if (typeof block.name !== "string")
        throw invalidRequest(`${at}.tool_use.name: Field required`);
      if (!isObject(block.input))
        throw invalidRequest(`${at}.tool_use.input: Input should be a valid dictionary`);
      return;
    case "tool_result": {
      if (typeof block.tool_use_id !== "string")
        throw invalidRequest(`${at}.tool_result.tool_use_id: Field required`);
      const content = block.content;
      if (content === undefined || typeof content === "string") return;
      if (!Array.isArray(content))
        throw invalidRequest(`${at}.tool_result.content: Input should be a valid string or list`);
      content.forEach((inner, k) => {
        const innerAt = `${at}.content.${k}`;
        if (!isObject(inner) || (inner.type !== "text" && inner.type !== "image")) {
          throw invalidRequest(`${innerAt}: tool_result content blocks must be 'text' or 'image'`);
        }
        validateBlock(inner as AnthropicBlock, innerAt, images);
      });
      return;
    }
    default:
      return;
  }
}

function validateSystem(system: unknown): void {
  if (system === undefined || typeof system === "string") return;
  if (!Array.isArray(system))
    throw invalidRequest("system: Input should be a valid string or list of text blocks");
  system.forEach((block, k) => {
    if (!isObject(block) || block.type !== "text")
      throw invalidRequest(`system.${k}.type: Input should be 'text'`);
    if (typeof block.text !== "string" || block.text === "")
      throw invalidRequest(`system.${k}.text: text content blocks must be non-empty`);
  });
}

/** Conversation turns without `system` messages, with their original indexes. */
function turns(messages: AnthropicMessage[]): Array<{ message: AnthropicMessage; index: number }> {
  return messages.flatMap((message, index) =>
    message.role === "system" ? [] : [{ message, index }],
  );
}

function checkAlternation(messages: AnthropicMessage[]): void {
  const conversation = turns(messages);
  if (conversation[0]?.message.role !== "user")
    throw invalidRequest('messages: first message must use the "user" role');
  for (let t = 1; t < conversation.length; t++) {
    const role = conversation[t]!.message.role;
    if (role === conversation[t - 1]!.message.role) {
      throw invalidRequest(
        `messages: roles must alternate between "user" and "assistant", but found multiple "${role}" roles in a row`,
      );
    }
  }
}

function blocksOf(message: AnthropicMessage | undefined, type: string): AnthropicBlock[] {
  if (!message || typeof message.content === "string") return [];
  return message.content.filter((b) => b.type === type);
}

function checkToolPairing(messages: AnthropicMessage[]): void {
  const conversation = turns(messages);
  const seen = new Set<string>();
  conversation.forEach(({ message, index }, t) => {
    const next = conversation[t + 1];
    if (message.role === "assistant") {
      const ids = blocksOf(message, "tool_use").map((b) => b.id as string);
      for (const id of ids) {
        if (seen.has(id))
          throw invalidRequest(`messages.${index}: \`tool_use\` ids must be unique: ${id}`);
        seen.add(id);
      }
      const answered = new Set(
        blocksOf(next?.message, "tool_result").map((b) => b.tool_use_id as string),
      );
      const missing = ids.filter((id) => !answered.has(id));
      if (missing.length > 0) {
        throw invalidRequest(
          `messages.${index}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(", ")}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
        );
      }
      return;
    }
    const previous = conversation[t - 1]?.message;
    const offered = new Set(blocksOf(previous, "tool_use").map((b) => b.id as string));
    if (typeof message.content === "string") return;
    message.content.forEach((block, j) => {
      if (block.type === "tool_result" && !offered.has(block.tool_use_id as string)) {
        throw invalidRequest(
          `messages.${index}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(block.tool_use_id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
        );
      }
    });
  });
}

function countCacheControl(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + countCacheControl(v), 0);
  if (!isObject(value)) return 0;
  let count = isObject(value.cache_control) ? 1 : 0;
  for (const [key, inner] of Object.entries(value)) {
    if (key !== "cache_control" && typeof inner === "object") count += countCacheControl(inner);
  }
  return count;
}
