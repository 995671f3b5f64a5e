import { invalidRequest } from "../api-error.ts";
import { isObject, type JsonObject } from "../json.ts";
import { UNKNOWN_IMAGE } from "../tokens.ts";
import type {
  JsonSchema,
  NormalizedMessage,
  NormalizedPart,
  NormalizedRequest,
  NormalizedTool,
  ToolChoice,
} from "../types.ts";
import { OPENAI_COMPUTER_ACTIONS } from "./computer-actions.ts";
import { validateImageUrl } from "./image.ts";

/** What a stored response leaves for a request that continues it via `previous_response_id`. */
export type StoredConversation = {
  messages: NormalizedMessage[];
  openCalls: Map<string, CallKind>;
};
type CallKind = "computer" | "function";

/** A validated Responses request. */
export type ResponsesRequest = {
  request: NormalizedRequest;
  rawTools: JsonObject[];
  stream: boolean;
  openCalls: Map<string, CallKind>;
};

/**
 * Validates a Responses body and folds `input` onto the stored conversation:
 * every `computer_call_output` / `function_call_output` must answer an open
 * call, and no call may be left unanswered.
 */
export function validateResponsesRequest(
  raw: unknown,
  previous: StoredConversation | undefined,
): ResponsesRequest {
  if (!isObject(raw)) throw invalidRequest("We could not parse the JSON body of your request.");
  if (typeof raw.model !== "string" || raw.model === "") {
    throw invalidRequest("Missing required parameter: 'model'.", {
      param: "model",
      code: "missing_required_parameter",
    });
  }
  if (raw.input === undefined)
    throw invalidRequest("Missing required parameter: 'input'.", {
      param: "input",
      code: "missing_required_parameter",
    });
  const rawTools = Array.isArray(raw.tools) ? raw.tools : [];
  const tools = rawTools.map(normalizeTool);
  const system = typeof raw.instructions === "string" ? [raw.instructions] : [];
  // Copies, so that folding new input in never alters the stored conversation.
  const messages = (previous?.messages ?? []).map((m) => ({ role: m.role, parts: [...m.parts] }));
  const open = new Map(previous?.openCalls ?? []);
  const items = typeof raw.input === "string" ? [{ role: "user", content: raw.input }] : raw.input;
  if (!Array.isArray(items))
    throw invalidRequest("Invalid type for 'input': expected a string or an array.", {
      param: "input",
      code: "invalid_type",
    });

  const push = (role: NormalizedMessage["role"], part: NormalizedPart) => {
    const last = messages.at(-1);
    if (last?.role === role) last.parts.push(part);
    else messages.push({ role, parts: [part] });
  };
  items.forEach((item, i) => {
    if (!isObject(item))
      throw invalidRequest(`Invalid type for 'input[${i}]': expected an object.`, {
        param: `input[${i}]`,
      });
    const type = item.type ?? "message";
    if (type === "message") {
      if (item.role === "system" || item.role === "developer") system.push(textOf(item.content));
      else if (item.role === "user" || item.role === "assistant") {
        for (const part of contentParts(item.content, i)) push(item.role, part);
      } else {
        throw invalidRequest(
          `Invalid value: '${String(item.role)}'. Supported values are: 'user', 'assistant', 'system', and 'developer'.`,
          { param: `input[${i}].role`, code: "invalid_value" },
        );
      }
    } else if (type === "computer_call" || type === "function_call") {
      const callId = String(item.call_id);
      const computer = type === "computer_call";
      const input = computer ? (item.action ?? item.actions) : parseArguments(item.arguments);
      push("assistant", {
        type: "tool_call",
        id: callId,
        name: computer ? "computer" : String(item.name),
        input,
        computer,
      });
      open.set(callId, computer ? "computer" : "function");
    } else if (type === "computer_call_output" || type === "function_call_output") {
      const kind = type === "computer_call_output" ? "computer" : "function";
      const callId = String(item.call_id);
      if (open.get(callId) !== kind) {
        throw invalidRequest(`No tool call found for ${kind} call output with call_id ${callId}.`, {
          param: "input",
        });
      }
      open.delete(callId);
      const output = item.output;
      const images =
        kind === "computer" && isObject(output)
          ? [
              output.image_url !== undefined
                ? validateImageUrl(output.image_url, `input[${i}].output.image_url`)
                : UNKNOWN_IMAGE,
            ]
          : [];
      push("user", {
        type: "tool_result",
        id: callId,
        text: kind === "function" ? textOf(output) : "",
        images,
        isError: false,
      });
    } else if (type !== "reasoning" && type !== "item_reference") {
      throw invalidRequest(
        `Invalid value: '${String(type)}'. The model sandbox supports message, computer_call(_output) and function_call(_output) items.`,
        { param: `input[${i}].type`, code: "invalid_value" },
      );
    }
  });
  const [unanswered, kind] = [...open].at(0) ?? [];
  if (unanswered)
    throw invalidRequest(`No tool output found for ${kind} call ${unanswered}.`, {
      param: "input",
    });
  if (messages.length === 0)
    throw invalidRequest(
      "Invalid 'input': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      { param: "input", code: "empty_array" },
    );

  return {
    request: {
      api: "openai-responses",
      model: raw.model,
      system: system.filter(Boolean).join("\n"),
      messages,
      tools,
      toolChoice: toolChoiceOf(raw.tool_choice, raw.parallel_tool_calls),
      maxTokens: typeof raw.max_output_tokens === "number" ? raw.max_output_tokens : undefined,
    },
    rawTools: rawTools as JsonObject[],
    stream: raw.stream === true,
    openCalls: open,
  };
}

function normalizeTool(tool: unknown, k: number): NormalizedTool {
  if (!isObject(tool))
    throw invalidRequest(`Invalid type for 'tools[${k}]': expected an object.`, {
      param: `tools[${k}]`,
    });
  if (tool.type === "function" && typeof tool.name === "string") {
    return {
      kind: "function",
      name: tool.name,
      description: String(tool.description ?? ""),
      schema: (tool.parameters ?? {}) as JsonSchema,
    };
  }
  if (tool.type === "computer_use_preview") {
    for (const field of ["display_width", "display_height", "environment"]) {
      if (tool[field] === undefined) {
        throw invalidRequest(`Missing required parameter: 'tools[${k}].${field}'.`, {
          param: `tools[${k}].${field}`,
          code: "missing_required_parameter",
        });
      }
    }
    const display = { width: Number(tool.display_width), height: Number(tool.display_height) };
    return {
      kind: "computer",
      form: "computer_use_preview",
      name: "computer",
      display,
      actions: OPENAI_COMPUTER_ACTIONS,
    };
  }
  if (tool.type === "computer")
    return {
      kind: "computer",
      form: "computer",
      name: "computer",
      actions: OPENAI_COMPUTER_ACTIONS,
    };
  throw invalidRequest(
    `Invalid value for 'tools[${k}].type': the model sandbox supports function, computer_use_preview and computer tools.`,
    { param: `tools[${k}].type`, code: "invalid_value" },
  );
}

function toolChoiceOf(choice: unknown, parallelCalls: unknown): ToolChoice {
  const parallel = parallelCalls !== false;
  if (choice === "none") return { type: "none", parallel };
  if (choice === "required") return { type: "any", parallel };
  if (isObject(choice) && choice.type === "function" && typeof choice.name === "string")
    return { type: "tool", name: choice.name, parallel };
  if (isObject(choice) && (choice.type === "computer_use_preview" || choice.type === "computer"))
    return { type: "any", parallel };
  return { type: "auto", parallel };
}

function contentParts(content: unknown, i: number): NormalizedPart[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  if (!Array.isArray(content))
    throw invalidRequest(`Missing required parameter: 'input[${i}].content'.`, {
      param: `input[${i}].content`,
      code: "missing_required_parameter",
    });
  return content.flatMap((part, j): NormalizedPart[] => {
    if (!isObject(part)) return [];
    if (typeof part.text === "string" && part.text) return [{ type: "text", text: part.text }];
    if (part.type === "input_image") {
      const info =
        part.image_url !== undefined
          ? validateImageUrl(part.image_url, `input[${i}].content[${j}].image_url`)
          : UNKNOWN_IMAGE;
      return [{ type: "image", ...info }];
    }
    return [];
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
  if (typeof args !== "string") return {};
  try {
    return JSON.parse(args);
  } catch {
    return args;
  }
}
