import { invalidRequest } from "../api-error.ts";
import { isObject } from "../json.ts";
import type { ComputerActionName, JsonSchema, NormalizedTool, ToolChoice } from "../types.ts";

/** Members of `computer_toolset_20260801`, as named in the SDK. */
export const COMPUTER_MEMBERS: readonly ComputerActionName[] = [
  "key",
  "hold_key",
  "type",
  "cursor_position",
  "mouse_move",
  "left_mouse_down",
  "left_mouse_up",
  "left_click",
  "left_click_drag",
  "right_click",
  "middle_click",
  "double_click",
  "triple_click",
  "scroll",
  "wait",
  "screenshot",
  "zoom",
];

const BETA_COMPUTER_TOOLS = {
  computer_20251124: "computer-use-2025-11-24",
  computer_20250124: "computer-use-2025-01-24",
} as const;

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,128}$/;

/** Validates `tools` and returns them normalized; `betas` are the request's `anthropic-beta` values. */
export function validateTools(tools: unknown, betas: ReadonlySet<string>): NormalizedTool[] {
  if (tools === undefined) return [];
  if (!Array.isArray(tools)) throw invalidRequest("tools: Input should be a valid list");
  const normalized = tools.map((tool, k): NormalizedTool => {
    if (!isObject(tool)) throw invalidRequest(`tools.${k}: Input should be a valid dictionary`);
    const type = tool.type ?? "custom";
    if (type === "custom") return customTool(tool, k);
    if (type === "computer_20251124" || type === "computer_20250124")
      return betaComputer(tool, k, type, betas);
    if (type === "computer_toolset_20260801") return computerToolset(tool, k);
    throw invalidRequest(
      `tools.${k}: tool type '${String(type)}' is not supported by the model sandbox (custom tools, computer_20251124, computer_20250124 and computer_toolset_20260801 are)`,
    );
  });
  const names = normalized.filter((t) => t.kind === "function").map((t) => t.name);
  if (new Set(names).size !== names.length)
    throw invalidRequest("tools: Tool names must be unique.");
  if (normalized.filter((t) => t.kind === "computer").length > 1) {
    throw invalidRequest("tools: only one computer tool may be declared per request");
  }
  return normalized;
}

function customTool(tool: Record<string, unknown>, k: number): NormalizedTool {
  if (typeof tool.name !== "string" || !TOOL_NAME.test(tool.name)) {
    throw invalidRequest(
      `tools.${k}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`,
    );
  }
  const schema = tool.input_schema;
  if (!isObject(schema)) throw invalidRequest(`tools.${k}.custom.input_schema: Field required`);
  if (schema.type !== "object") {
    throw invalidRequest(`tools.${k}.custom.input_schema.type: Input should be 'object'`);
  }
  const description = typeof tool.description === "string" ? tool.description : "";
  return { kind: "function", name: tool.name, description, schema: schema as JsonSchema };
}

function betaComputer(
  tool: Record<string, unknown>,
  k: number,
  type: keyof typeof BETA_COMPUTER_TOOLS,
  betas: ReadonlySet<string>,
): NormalizedTool {
  const beta = BETA_COMPUTER_TOOLS[type];
  if (!betas.has(beta)) {
    throw invalidRequest(
      `tools.${k}: the '${type}' tool requires the beta header 'anthropic-beta: ${beta}'`,
    );
  }
  if (tool.name !== "computer")
    throw invalidRequest(`tools.${k}.${type}.name: Input should be 'computer'`);
  for (const field of ["display_width_px", "display_height_px"] as const) {
    const value = tool[field];
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
      throw invalidRequest(`tools.${k}.${type}.${field}: Input should be a positive integer`);
    }
  }
  const zoom = type === "computer_20251124" && tool.enable_zoom === true;
  return {
    kind: "computer",
    form: type,
    name: "computer",
    display: { width: tool.display_width_px as number, height: tool.display_height_px as number },
    actions: new Set(COMPUTER_MEMBERS.filter((a) => a !== "zoom" || zoom)),
  };
}

function computerToolset(tool: Record<string, unknown>, k: number): NormalizedTool {
  const at = `tools.${k}.computer_toolset_20260801`;
  for (const key of Object.keys(tool)) {
    if (!["type", "configs", "cache_control"].includes(key)) {
      throw invalidRequest(`${at}.${key}: Extra inputs are not permitted`);
    }
  }
  const configs = tool.configs ?? {};
  if (!isObject(configs)) throw invalidRequest(`${at}.configs: Input should be a valid dictionary`);
  const disabled = new Set<string>();
  for (const [member, config] of Object.entries(configs)) {
    if (!(COMPUTER_MEMBERS as readonly string[]).includes(member)) {
      throw invalidRequest(`${at}.configs.${member}: Extra inputs are not permitted`);
    }
    if (isObject(config) && config.enabled === false) disabled.add(member);
  }
  return {
    kind: "computer",
    form: "computer_toolset_20260801",
    name: "computer",
    actions: new Set(COMPUTER_MEMBERS.filter((a) => !disabled.has(a))),
  };
}

/** Validates `tool_choice` against the declared tools. */
export function validateToolChoice(choice: unknown, tools: NormalizedTool[]): ToolChoice {
  if (choice === undefined) return { type: "auto", parallel: true };
  if (!isObject(choice)) throw invalidRequest("tool_choice: Input should be a valid dictionary");
  const parallel = choice.disable_parallel_tool_use !== true;
  switch (choice.type) {
    case "auto":
    case "any":
    case "none":
      return { type: choice.type, parallel };
    case "tool": {
      const name = choice.name;
      if (typeof name !== "string") throw invalidRequest("tool_choice.tool.name: Field required");
      if (!tools.some((t) => t.kind === "function" && t.name === name)) {
        throw invalidRequest(`tool_choice.tool.name: Tool '${name}' not found in tools`);
      }
      return { type: "tool", name, parallel };
    }
    default:
      throw invalidRequest(
        `tool_choice: Input tag '${String(choice.type)}' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'`,
      );
  }
}
