/**
 * OpenAI's computer use (Responses API, `computer_use_preview`) as the
 * fallback target. We send the whole trimmed conversation each time
 * (`store: false`, no `previous_response_id`), so a task can fail over
 * mid-run and come back. The Responses API wants a screenshot in every
 * `computer_call_output`, so calls whose screenshot was trimmed from the
 * context are replayed as plain text turns instead.
 */
import OpenAI from "openai";
import {
  classifyModelError,
  ModelCallError,
  type ModelMessage,
  type ProviderOptions,
} from "../../models/index.ts";
import { describeAction, parseComputerAction } from "./actions.ts";
import {
  DELIVER_FILE_DESCRIPTION,
  DELIVER_FILE_SCHEMA,
  DELIVER_FILE_TOOL,
  parseDeliverFile,
} from "./deliver-file.ts";
import {
  HELP_DESCRIPTION,
  HELP_SCHEMA,
  HELP_TOOL,
  type HelpRequest,
  parseHelp,
} from "./help-tool.ts";
import { fromOpenAIAction, toOpenAIAction } from "./openai-actions.ts";
import {
  parseRemember,
  REMEMBER_DESCRIPTION,
  REMEMBER_SCHEMA,
  REMEMBER_TOOL,
} from "./remember-tool.ts";
import {
  COMPUTER_TOOL,
  type ComputerAction,
  type ComputerContext,
  type ComputerProvider,
  SECRET_TOOL,
  SECRET_TOOL_SPEC,
} from "./types.ts";

type Item = Record<string, unknown>;

/** Creates the OpenAI computer-use target; `baseURL` includes `/v1`. */
export function createOpenAIComputerProvider({
  apiKey,
  baseURL,
  model,
  timeoutMs = 60_000,
  maxTokens = 1024,
}: ProviderOptions): ComputerProvider {
  const client = new OpenAI({ apiKey, baseURL, maxRetries: 0, timeout: timeoutMs });
  return {
    name: "openai",
    model,
    async decide(context, signal) {
      let response: OpenAI.Responses.Response;
      try {
        response = (await client.responses.create(
          {
            model,
            instructions: context.system,
            input: renderInput(context) as unknown as OpenAI.Responses.ResponseInput,
            tools: [
              {
                type: "computer_use_preview",
                display_width: context.display.width,
                display_height: context.display.height,
                environment: "linux",
              },
              {
                type: "function",
                name: HELP_TOOL,
                description: HELP_DESCRIPTION,
                parameters: HELP_SCHEMA as unknown as Record<string, unknown>,
                strict: true,
              },
              ...(context.secrets
                ? [
                    {
                      type: "function" as const,
                      name: SECRET_TOOL,
                      description: SECRET_TOOL_SPEC.description,
                      parameters: SECRET_TOOL_SPEC.schema as unknown as Record<string, unknown>,
                      strict: false,
                    },
                  ]
                : []),
              {
                type: "function" as const,
                name: DELIVER_FILE_TOOL,
                description: DELIVER_FILE_DESCRIPTION,
                parameters: DELIVER_FILE_SCHEMA as unknown as Record<string, unknown>,
                strict: false,
              },
              {
                type: "function" as const,
                name: REMEMBER_TOOL,
                description: REMEMBER_DESCRIPTION,
                parameters: REMEMBER_SCHEMA as unknown as Record<string, unknown>,
                strict: false,
              },
            ],
            truncation: "auto",
            store: false,
            parallel_tool_calls: true,
            max_output_tokens: context.maxTokens ?? maxTokens,
          },
          { signal },
        )) as OpenAI.Responses.Response;
      } catch (error) {
        throw new ModelCallError("openai", classifyModelError(error), { cause: error });
      }
      const text: string[] = [];
      const actions: ComputerAction[] = [];
      let help: HelpRequest | undefined;
      for (const item of response.output as unknown as Item[]) {
        if (item.type === "function_call" && item.name === HELP_TOOL) {
          let input: unknown;
          try {
            input = JSON.parse(String(item.arguments ?? "{}"));
          } catch {
            input = {};
          }
          help = parseHelp(input);
        }
        if (item.type === "message" && Array.isArray(item.content)) {
          for (const part of item.content as Item[])
            if (typeof part.text === "string" && part.text) text.push(part.text);
        }
        if (item.type === "function_call" && item.name === SECRET_TOOL)
          actions.push(parseComputerAction(SECRET_TOOL, parseArguments(item.arguments)));
        if (item.type === "function_call" && item.name === DELIVER_FILE_TOOL) {
          actions.push(parseDeliverFile(parseArguments(item.arguments)));
        }
        if (item.type === "function_call" && item.name === REMEMBER_TOOL)
          actions.push(parseRemember(parseArguments(item.arguments)));
        if (item.type === "computer_call") {
          const list = Array.isArray(item.actions) ? item.actions : [item.action];
          for (const action of list) actions.push(fromOpenAIAction(action));
        }
      }
      const usage = response.usage;
      const cached = usage?.input_tokens_details?.cached_tokens ?? 0;
      return {
        text: text.join("\n").trim(),
        actions: help ? [] : actions,
        ...(help ? { help } : {}),
        usage: {
          input: Math.max(0, (usage?.input_tokens ?? 0) - cached),
          output: usage?.output_tokens ?? 0,
          cacheRead: cached,
          cacheWrite: 0,
        },
        provider: "openai",
        model: response.model,
      };
    },
  };
}

/** The neutral conversation as Responses input items. */
export function renderInput(context: ComputerContext): Item[] {
  const items: Item[] = [];
  // Calls whose result carries a screenshot are replayed as computer calls.
  const withImage = new Set<string>();
  for (const message of context.messages) {
    if (message.role !== "user") continue;
    for (const part of message.content)
      if (part.type === "tool_result" && part.content.some((c) => c.type === "image"))
        withImage.add(part.toolUseId);
  }
  // Calls answered as functions (type_secret, deliver_file) are replayed as
  // function calls with their outputs, never dropped.
  const functionCalls = new Set<string>();
  for (const message of context.messages) {
    if (message.role !== "assistant") continue;
    for (const part of message.content)
      if (
        part.type === "tool_use" &&
        (part.name === DELIVER_FILE_TOOL ||
          part.name === REMEMBER_TOOL ||
          (part.input as ComputerAction).action === SECRET_TOOL)
      )
        functionCalls.add(part.id);
  }
  for (const message of context.messages)
    items.push(...renderMessage(message, withImage, functionCalls));
  return items;
}

function renderMessage(
  message: ModelMessage,
  withImage: ReadonlySet<string>,
  functionCalls: ReadonlySet<string>,
): Item[] {
  if (message.role === "assistant") {
    const items: Item[] = [];
    const text: string[] = [];
    for (const part of message.content) {
      if (part.type === "text") text.push(part.text);
      else if (
        functionCalls.has(part.id) &&
        (part.name === DELIVER_FILE_TOOL || part.name === REMEMBER_TOOL)
      ) {
        if (text.length) items.push(assistantText(text.splice(0).join("\n")));
        items.push({
          type: "function_call",
          call_id: part.id,
          name: part.name,
          arguments: JSON.stringify(part.input),
          status: "completed",
        });
      } else if (functionCalls.has(part.id)) {
        if (text.length) items.push(assistantText(text.splice(0).join("\n")));
        const { action: _kind, ...fields } = part.input as Record<string, unknown>;
        items.push({
          type: "function_call",
          call_id: part.id,
          name: SECRET_TOOL,
          arguments: JSON.stringify(fields),
          status: "completed",
        });
      } else if (part.name === COMPUTER_TOOL && withImage.has(part.id)) {
        if (text.length) items.push(assistantText(text.splice(0).join("\n")));
        items.push({
          type: "computer_call",
          call_id: part.id,
          action: toOpenAIAction(part.input as ComputerAction),
          pending_safety_checks: [],
          status: "completed",
        });
      } else text.push(`(${describeAction(part.input as ComputerAction)})`);
    }
    if (text.length) items.unshift(assistantText(text.join("\n")));
    return items;
  }
  const items: Item[] = [];
  const content: Item[] = [];
  for (const part of message.content) {
    if (part.type === "text") content.push({ type: "input_text", text: part.text });
    else if (part.type === "image")
      content.push({ type: "input_image", image_url: dataUrl(part.mediaType, part.data) });
    else {
      const shot = part.content.findLast((c) => c.type === "image");
      if (functionCalls.has(part.toolUseId)) {
        // A function call is answered with text; the screenshot after it goes in a user turn.
        items.push({
          type: "function_call_output",
          call_id: part.toolUseId,
          output: part.content.flatMap((c) => (c.type === "text" ? [c.text] : [])).join("\n"),
        });
        if (shot)
          content.push({ type: "input_image", image_url: dataUrl(shot.mediaType, shot.data) });
        continue;
      }
      const notes = part.content.flatMap((c) => (c.type === "text" ? [c.text] : []));
      if (shot && withImage.has(part.toolUseId)) {
        items.push({
          type: "computer_call_output",
          call_id: part.toolUseId,
          output: { type: "computer_screenshot", image_url: dataUrl(shot.mediaType, shot.data) },
        });
      }
      if (notes.length) content.push({ type: "input_text", text: notes.join("\n") });
    }
  }
  if (content.length) items.push({ role: "user", content });
  return items;
}

function assistantText(text: string): Item {
  return { role: "assistant", content: [{ type: "output_text", text }] };
}

function dataUrl(mediaType: string, data: string): string {
  return `data:${mediaType};base64,${data}`;
}

function parseArguments(raw: unknown): unknown {
  if (typeof raw !== "string") return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
