import { invalidRequest } from "../api-error.ts";
import { isObject, type JsonObject } from "../json.ts";
import type {
  JsonSchema,
  NormalizedMessage,
  NormalizedPart,
  NormalizedRequest,
  NormalizedTool,
  ToolChoice,
} from "../types.ts";
import { validateImageUrl } from "./image.ts";

/** A validated chat request: the neutral view plus the options the route needs. */
export type ChatRequest = {
  request: NormalizedRequest;
  rawTools: JsonObject[];
  stream: boolean;
  includeUsage: boolean;
  stop: string[];
};

const ROLES = ["system", "developer", "user", "assistant", "tool"];
const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Validates a Chat Completions body with OpenAI's messages (missing model or
 * messages, bad roles, bad images, tool calls left unanswered, tool messages
 * answering nothing) and normalizes it.
 */
export function validateChatRequest(raw: unknown): ChatRequest {
  if (!isObject(raw)) throw invalidRequest("We could not parse the JSON body of your request.");
  if (typeof raw.model !== "string" || raw.model === "")
    throw invalidRequest("you must provide a model parameter");
  if (raw.messages === undefined) {
    throw invalidRequest("Missing required parameter: 'messages'.", {
      param: "messages",
      code: "missing_required_parameter",
    });
  }
  if (!Array.isArray(raw.messages))
    throw invalidRequest("Invalid type for 'messages': expected an array.", {
      param: "messages",
      code: "invalid_type",
    });
  if (raw.messages.length === 0) {
    throw invalidRequest(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      {
        param: "messages",
        code: "empty_array",
      },
    );
  }
  if (typeof raw.n === "number" && raw.n !== 1)
    throw invalidRequest("The model sandbox only supports n=1.", { param: "n" });
  const maxTokens = raw.max_completion_tokens ?? raw.max_tokens;
  const rawTools = validateChatTools(raw.tools);
  const tools = rawTools.map((t): NormalizedTool => {
    const fn = t.function as JsonObject;
    return {
      kind: "function",
      name: fn.name as string,
      description: String(fn.description ?? ""),
      schema: (fn.parameters ?? {}) as JsonSchema,
    };
  });
  const { system, messages } = normalizeMessages(raw.messages);
  const streamOptions = isObject(raw.stream_options) ? raw.stream_options : {};
  return {
    request: {
      api: "openai-chat",
      model: raw.model,
      system,
      messages,
      tools,
      toolChoice: chatToolChoice(raw.tool_choice, raw.parallel_tool_calls, tools),
      maxTokens: typeof maxTokens === "number" ? maxTokens : undefined,
    },
    rawTools,
    stream: raw.stream === true,
    includeUsage: streamOptions.include_usage === true,
    stop:
      typeof raw.stop === "string"
        ? [raw.stop]
        : Array.isArray(raw.stop)
          ? raw.stop.filter((s) => typeof s === "string")
          : [],
  };
}

function validateChatTools(tools: unknown): JsonObject[] {
  if (tools === undefined) return [];
  if (!Array.isArray(tools))
    throw invalidRequest("Invalid type for 'tools': expected an array.", {
      param: "tools",
      code: "invalid_type",
    });
  return tools.map((tool, k) => {
    if (!isObject(tool) || tool.type !== "function" || !isObject(tool.function)) {
      throw invalidRequest(
        `Invalid value for 'tools[${k}].type': the model sandbox supports function tools only.`,
        { param: `tools[${k}].type`, code: "invalid_value" },
      );
    }
    if (typeof tool.function.name !== "string" || !FUNCTION_NAME.test(tool.function.name)) {
      throw invalidRequest(
        `Invalid 'tools[${k}].function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
        { param: `tools[${k}].function.name`, code: "invalid_value" },
      );
    }
    return tool;
  });
}

function chatToolChoice(
  choice: unknown,
  parallelCalls: unknown,
  tools: NormalizedTool[],
): ToolChoice {
  const parallel = parallelCalls !== false;
  if (choice === undefined || choice === "auto") return { type: "auto", parallel };
  if (choice === "none") return { type: "none", parallel };
  if (choice === "required") return { type: "any", parallel };
  if (isObject(choice) && isObject(choice.function) && typeof choice.function.name === "string") {
    const name = choice.function.name;
    if (!tools.some((t) => t.kind === "function" && t.name === name)) {
      throw invalidRequest(
        `Invalid value for 'tool_choice': function '${name}' is not one of the tools.`,
        { param: "tool_choice", code: "invalid_value" },
      );
    }
    return { type: "tool", name, parallel };
  }
  throw invalidRequest(
    "Invalid value for 'tool_choice': expected 'none', 'auto', 'required' or a function.",
    { param: "tool_choice", code: "invalid_value" },
  );
}

function normalizeMessages(raw: unknown[]): { system: string; messages: NormalizedMessage[] } {
  const system: string[] = [];
  const messages: NormalizedMessage[] = [];
  let pending: { index: number; ids: Set<string> } | undefined;

  const requireAnswered = () => {
    if (pending && pending.ids.size > 0) {
      throw invalidRequest(
        `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...pending.ids].join(", ")}`,
        { param: `messages.[${pending.index}].role` },
      );
    }
    pending = undefined;
  };

  raw.forEach((message, i) => {
    if (!isObject(message) || typeof message.role !== "string" || !ROLES.includes(message.role)) {
      const role = isObject(message) ? String(message.role) : "";
      throw invalidRequest(
        `Invalid value: '${role}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
        { param: `messages[${i}].role`, code: "invalid_value" },
      );
    }
    if (message.role === "tool") {
      const id = message.tool_call_id;
      if (!pending || typeof id !== "string" || !pending.ids.has(id)) {
        throw invalidRequest(
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          {
            param: `messages.[${i}].role`,
          },
        );
      }
      pending.ids.delete(id);
      const result: NormalizedPart = {
        type: "tool_result",
        id,
        text: textOf(message.content),
        images: [],
        isError: false,
      };
      const last = messages.at(-1);
      if (last?.role === "user" && last.parts.every((p) => p.type === "tool_result"))
        last.parts.push(result);
      else messages.push({ role: "user", parts: [result] });
      return;
    }
    requireAnswered();
    if (message.role === "system" || message.role === "developer") {
      system.push(textOf(message.content));
    } else if (message.role === "user") {
      messages.push({ role: "user", parts: userParts(message.content, i) });
    } else {
      const parts: NormalizedPart[] = [];
      const text = textOf(message.content);
      if (text) parts.push({ type: "text", text });
      const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
      calls.forEach((call, k) => {
        const fn = isObject(call) && isObject(call.function) ? call.function : undefined;
        if (!isObject(call) || typeof call.id !== "string" || !fn || typeof fn.name !== "string") {
          throw invalidRequest(
            `Missing required parameter: 'messages[${i}].tool_calls[${k}].id'.`,
            { param: `messages[${i}].tool_calls[${k}]`, code: "missing_required_parameter" },
          );
        }
        parts.push({
          type: "tool_call",
          id: call.id,
          name: fn.name,
          input: parseArguments(fn.arguments),
          computer: false,
        });
      });
      if (calls.length > 0)
        pending = {
          index: i,
          ids: new Set(parts.flatMap((p) => (p.type === "tool_call" ? [p.id] : []))),
        };
      messages.push({ role: "assistant", parts });
    }
  });
  requireAnswered();
  return { system: system.filter(Boolean).join("\n"), messages };
}

function userParts(content: unknown, i: number): NormalizedPart[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  if (!Array.isArray(content)) {
    throw invalidRequest(`Missing required parameter: 'messages[${i}].content'.`, {
      param: `messages[${i}].content`,
      code: "missing_required_parameter",
    });
  }
  return content.flatMap((part, j): NormalizedPart[] => {
    if (!isObject(part)) return [];
    if (part.type === "text" && typeof part.text === "string")
      return [{ type: "text", text: part.text }];
    if (part.type === "image_url") {
      const url = isObject(part.image_url) ? part.image_url.url : undefined;
      return [
        { type: "image", ...validateImageUrl(url, `messages[${i}].content[${j}].image_url.url`) },
      ];
    }
    throw invalidRequest(
      `Invalid value: '${String(part.type)}'. The model sandbox supports 'text' and 'image_url' content parts.`,
      {
        param: `messages[${i}].content[${j}].type`,
        code: "invalid_value",
      },
    );
  });
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .flatMap((p) => (isObject(p) && typeof p.text === "string" ? [p.text] : []))
    .join("\n");
}

function parseArguments(args: unknown): unknown {
  if (typeof args !== "string") return args ?? {};
  try {
    return JSON.parse(args);
  } catch {
    return args;
  }
}
