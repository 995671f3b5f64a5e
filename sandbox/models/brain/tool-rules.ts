import type { JsonSchema, NormalizedRequest } from "../types.ts";
import type { FunctionTool } from "./conversation.ts";
import { pickRole } from "./role-choice.ts";
import { EDIT_SCHEDULE_RULE, SCHEDULE_RULE } from "./schedule-rule.ts";

/**
 * "When the user says X and a tool like Y is offered, call it." Rules are
 * tried in order against the latest user text; the first whose pattern matches
 * and whose tool is offered wins.
 */
export type ToolRule = {
  when: RegExp | ((text: string, request: NormalizedRequest) => boolean);
  /** Tool names to call, first offered wins; a RegExp matches offered tool names. */
  tool: string | RegExp | Array<string | RegExp>;
  /** Builds the arguments; by default they are filled from the tool's schema and the text. */
  input?: (text: string, tool: FunctionTool, request: NormalizedRequest) => Record<string, unknown>;
};

/** King Mouse's built-in rules; pass your own `rules` to replace them. */
export const DEFAULT_TOOL_RULES: readonly ToolRule[] = [
  { when: /\b(stop|cancel|abort|kill)\b.*\btask\b/i, tool: ["stop_task", /^(stop|cancel)_?task/i] },
  {
    when: /\b(list|show|who are)\b.*\b(employees|knights|workers|team)\b/i,
    tool: ["list_employees", /^list_?(employees|knights|workers)/i],
  },
  { when: /\bscreenshot\b|\bscreen\s*shot\b/i, tool: ["send_screenshot", /screenshot/i] },
  {
    when: /\b(usage|balance|credits?|spending|spent|invoice|bill)\b/i,
    tool: ["check_usage", /usage|balance/i],
  },
  {
    when: /\b(status|progress)\b|how('s| is) (it|the task) going/i,
    tool: ["task_status", /status/i],
  },
  // Before deploying: "every morning, post …" is recurring work, not a one-off.
  SCHEDULE_RULE,
  EDIT_SCHEDULE_RULE,
  {
    when: /\b(deploy|hire|employ)\b|\b(build|create|make) (a|an|my) (web ?site|landing page|app)\b/i,
    tool: ["deploy_employee", /^(deploy|hire)/i],
    input: deployInput,
  },
  // Ordinary work ("find me cheaper flour suppliers") for a role of the catalogue in the prompt.
  {
    when: (text, request) => !/\?\s*$/.test(text) && pickRole(text, request.system) !== undefined,
    tool: ["deploy_employee", /^(deploy|hire)/i],
    input: deployInput,
  },
];

/** deploy_employee's arguments, with the role picked from the prompt's catalogue when it has one. */
function deployInput(
  text: string,
  tool: FunctionTool,
  request: NormalizedRequest,
): Record<string, unknown> {
  const args = fillArguments(tool.schema, text);
  const role = pickRole(text, request.system);
  return role && "role" in args ? { ...args, role } : args;
}

/** The first rule that matches `text` and names an offered tool, with that tool. */
export function matchRule(
  rules: readonly ToolRule[],
  text: string,
  tools: FunctionTool[],
  request: NormalizedRequest,
): { rule: ToolRule; tool: FunctionTool } | undefined {
  if (!text || tools.length === 0) return undefined;
  for (const rule of rules) {
    const matches =
      typeof rule.when === "function" ? rule.when(text, request) : rule.when.test(text);
    if (!matches) continue;
    const wanted = Array.isArray(rule.tool) ? rule.tool : [rule.tool];
    for (const want of wanted) {
      const tool = tools.find((t) =>
        typeof want === "string" ? t.name === want : want.test(t.name),
      );
      if (tool) return { rule, tool };
    }
  }
  return undefined;
}

/**
 * Fills a tool's arguments from the user's words: ids, numbers, URLs and
 * e-mails are picked out of the text, free-text fields get the text itself,
 * name/role fields a short phrase. Required fields always get a value;
 * optional ones only when the text supplies one.
 */
export function fillArguments(schema: JsonSchema, text: string): Record<string, unknown> {
  const required = new Set(schema.required ?? []);
  const args: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const value = valueFor(name, property, text, required.has(name));
    if (value !== undefined) args[name] = value;
  }
  return args;
}

function valueFor(name: string, schema: JsonSchema, text: string, required: boolean): unknown {
  const type =
    (Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type) ?? "string";
  if (schema.enum && schema.enum.length > 0) {
    const mentioned = schema.enum.find(
      (v) => typeof v === "string" && text.toLowerCase().includes(v.toLowerCase()),
    );
    return mentioned ?? (required ? (schema.default ?? schema.enum[0]) : undefined);
  }
  if (/id$/i.test(name) || /_id_|^id_/i.test(name)) {
    const id = findId(text);
    // Like a real model, never offer an id the schema's format or pattern rules out.
    if (id !== undefined && fitsStringSchema(schema, id)) {
      return type === "integer" || type === "number" ? Number(id) : id;
    }
    if (!required) return undefined;
  }
  switch (type) {
    case "integer":
    case "number": {
      const number = /-?\d+(\.\d+)?/.exec(text)?.[0];
      if (number !== undefined)
        return type === "integer" ? Math.trunc(Number(number)) : Number(number);
      return required ? (schema.default ?? schema.minimum ?? 1) : undefined;
    }
    case "boolean":
      return required ? (schema.default ?? false) : undefined;
    case "array":
      return required ? (schema.default ?? []) : undefined;
    case "object":
      return required ? (schema.default ?? {}) : undefined;
    default:
      return stringFor(name, text, required, schema.default);
  }
}

function stringFor(
  name: string,
  text: string,
  required: boolean,
  fallback: unknown,
): string | undefined {
  if (/url|link|site|domain/i.test(name)) {
    const url = /\bhttps?:\/\/\S+|\b[a-z0-9-]+\.(com|org|net|io|dev|app|co)\b\S*/i.exec(text)?.[0];
    if (url) return url.replace(/[.,!?)]+$/, "");
  }
  if (/e-?mail/i.test(name)) {
    const email = /[\w.+-]+@[\w-]+\.[\w.-]+/.exec(text)?.[0];
    if (email) return email;
  }
  if (!required) return undefined;
  if (typeof fallback === "string") return fallback;
  if (/(^|_)(name|title|role|position|job)$/i.test(name)) return roleFrom(text);
  return text;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function fitsStringSchema(schema: JsonSchema, value: string): boolean {
  const { format, pattern } = schema as { format?: string; pattern?: string };
  if (format === "uuid" && !UUID.test(value)) return false;
  if (typeof pattern === "string") {
    try {
      if (!new RegExp(pattern).test(value)) return false;
    } catch {
      // A pattern JavaScript cannot compile is not ours to enforce.
    }
  }
  return true;
}

function findId(text: string): string | undefined {
  const patterns = [
    /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i,
    /\b[a-z]+_[A-Za-z0-9]{3,}\b/,
    /#(\d+)\b/,
    /\b(\d+)\b/,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return match[1] ?? match[0];
  }
  return undefined;
}

/** "Hire a web developer to build…" → "Web Developer". */
function roleFrom(text: string): string {
  const phrase =
    /\b(?:hire|deploy|employ|need)\s+(?:an?|the|some|one)?\s*([a-z][a-z -]*?)(?=\s+(?:to|for|who|that|which|and|with)\b|[,.!?]|$)/i.exec(
      text,
    )?.[1];
  const words = (phrase ?? "assistant").trim().split(/\s+/).slice(0, 4);
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()).join(" ");
}
