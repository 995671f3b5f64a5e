/**
 * Anthropic's computer use as a failover target.
 *
 * Tool form: the GA `computer_toolset_20260801` by default. It needs no beta
 * header, it is what `@anthropic-ai/sdk` 1.12 types on `messages.create`, and
 * its per-member `configs` let us withhold the actions Orgo cannot perform
 * (mouse moves, middle clicks, holding keys or buttons, zoom), so the model
 * never plans around a hover we cannot do. The model aims in the pixel space
 * of the screenshots it is shown, which we size ourselves (see `scale.ts`).
 * The beta `computer_20251124` (header `computer-use-2025-11-24`, declared
 * display size) stays available as `toolForm` for models without the toolset.
 */
import Anthropic from "@anthropic-ai/sdk";
import {
  classifyModelError,
  type ImagePart,
  ModelCallError,
  type ModelMessage,
  type ProviderOptions,
} from "../../models/index.ts";
import { Encoded, jsonBody } from "../../models/json-body.ts";
import { parseToolUse } from "./actions.ts";
import {
  DELIVER_FILE_DESCRIPTION,
  DELIVER_FILE_SCHEMA,
  DELIVER_FILE_TOOL,
} from "./deliver-file.ts";
import {
  HELP_DESCRIPTION,
  HELP_SCHEMA,
  HELP_TOOL,
  type HelpRequest,
  parseHelp,
} from "./help-tool.ts";
import { REMEMBER_DESCRIPTION, REMEMBER_SCHEMA, REMEMBER_TOOL } from "./remember-tool.ts";
import {
  COMPUTER_TOOL,
  type ComputerAction,
  type ComputerContext,
  type ComputerProvider,
  SECRET_TOOL,
  SECRET_TOOL_SPEC,
} from "./types.ts";

export type AnthropicComputerOptions = ProviderOptions & {
  toolForm?: "computer_toolset_20260801" | "computer_20251124";
  /**
   * Cache breakpoints on the system prompt and the conversation's stable
   * prefix (default). false sends none: only for measuring what caching saves.
   */
  promptCaching?: boolean;
};

const EPHEMERAL = { type: "ephemeral" } as const;
const BETA = "computer-use-2025-11-24";
/** Toolset members Orgo's API has no call for. */
const WITHHELD = [
  "mouse_move",
  "middle_click",
  "triple_click",
  "hold_key",
  "left_mouse_down",
  "left_mouse_up",
  "cursor_position",
  "zoom",
] as const;

type Block = Record<string, unknown>;

/** Creates the Anthropic computer-use target. */
export function createAnthropicComputerProvider({
  apiKey,
  baseURL,
  model,
  timeoutMs = 60_000,
  maxTokens = 1024,
  toolForm = "computer_toolset_20260801",
  promptCaching = true,
}: AnthropicComputerOptions): ComputerProvider {
  const client = new Anthropic({ apiKey, baseURL, maxRetries: 0, timeout: timeoutMs });
  const toolset = toolForm === "computer_toolset_20260801";
  return {
    name: "anthropic",
    model,
    async decide(context, signal) {
      const body = {
        model,
        max_tokens: context.maxTokens ?? maxTokens,
        system: [
          {
            type: "text",
            text: context.system,
            ...(promptCaching ? { cache_control: EPHEMERAL } : {}),
          },
        ],
        messages: renderMessages(
          promptCaching ? context : { ...context, cacheBoundary: -1, cacheTail: false },
          toolset,
        ),
        tools: [
          toolset
            ? {
                type: "computer_toolset_20260801",
                configs: Object.fromEntries(WITHHELD.map((m) => [m, { enabled: false }])),
              }
            : {
                type: "computer_20251124",
                name: COMPUTER_TOOL,
                display_width_px: context.display.width,
                display_height_px: context.display.height,
              },
          HELP,
          {
            name: DELIVER_FILE_TOOL,
            description: DELIVER_FILE_DESCRIPTION,
            input_schema: DELIVER_FILE_SCHEMA,
          },
          { name: REMEMBER_TOOL, description: REMEMBER_DESCRIPTION, input_schema: REMEMBER_SCHEMA },
          ...(context.secrets
            ? [
                {
                  name: SECRET_TOOL,
                  description: SECRET_TOOL_SPEC.description,
                  input_schema: SECRET_TOOL_SPEC.schema,
                },
              ]
            : []),
        ],
        // Several actions may come in one turn: a batch, performed in order, each
        // recorded before and after it is sent (`loop.ts`), one screenshot after it.
        tool_choice: { type: "auto" },
      };
      // Sent as we wrote it, screenshots encoded once (see json-body.ts).
      const options = {
        signal,
        body: jsonBody(body),
        headers: { "content-type": "application/json" },
      };
      let message: Anthropic.Message;
      try {
        message = toolset
          ? await client.messages.create(
              body as unknown as Anthropic.MessageCreateParamsNonStreaming,
              options,
            )
          : ((await client.beta.messages.create(
              {
                ...(body as unknown as Anthropic.Beta.MessageCreateParamsNonStreaming),
                betas: [BETA],
              },
              options,
            )) as unknown as Anthropic.Message);
      } catch (error) {
        throw new ModelCallError("anthropic", classifyModelError(error), { cause: error });
      }
      const text: string[] = [];
      const actions: ComputerAction[] = [];
      let help: HelpRequest | undefined;
      for (const block of message.content) {
        if (block.type === "text" && block.text) text.push(block.text);
        if (block.type === "tool_use" && block.name === HELP_TOOL) help = parseHelp(block.input);
        else if (block.type === "tool_use") actions.push(parseToolUse(block.name, block.input));
      }
      const usage = message.usage;
      return {
        text: text.join("\n").trim(),
        actions: help ? [] : actions,
        ...(help ? { help } : {}),
        usage: {
          input: usage.input_tokens,
          output: usage.output_tokens,
          cacheRead: usage.cache_read_input_tokens ?? 0,
          cacheWrite: usage.cache_creation_input_tokens ?? 0,
        },
        provider: "anthropic",
        model: message.model,
      };
    },
  };
}

const HELP = { name: HELP_TOOL, description: HELP_DESCRIPTION, input_schema: HELP_SCHEMA };

/** The neutral conversation as Messages API turns, with the stable prefix marked for caching. */
export function renderMessages(context: ComputerContext, toolset: boolean): Block[] {
  const last = context.messages.length - 1;
  return context.messages.map((message, i) => {
    const content = render(message, toolset);
    const marked = i === context.cacheBoundary || (context.cacheTail === true && i === last);
    if (marked && content.length > 0) {
      content[content.length - 1] = { ...content.at(-1), cache_control: EPHEMERAL };
    }
    return { role: message.role, content };
  });
}

function render(message: ModelMessage, toolset: boolean): Block[] {
  if (message.role === "assistant") {
    return message.content.map((part) => {
      if (part.type === "text") return { type: "text", text: part.text };
      const { action: kind, ...fields } = part.input as { action?: unknown };
      // A login's field is a custom tool of its own (its input holds a label, never a value).
      if (part.name === COMPUTER_TOOL && kind === SECRET_TOOL)
        return { type: "tool_use", id: part.id, name: SECRET_TOOL, input: fields };
      if (part.name !== COMPUTER_TOOL || !toolset)
        return { type: "tool_use", id: part.id, name: part.name, input: part.input };
      const { action, ...input } = part.input as { action: string } & Record<string, unknown>;
      const name = action === "unsupported" ? String(input.name) : action;
      const rest = action === "unsupported" ? (input.input ?? {}) : input;
      return { type: "tool_use", id: part.id, name, input: rest, toolset_name: COMPUTER_TOOL };
    });
  }
  return message.content.map((part) => {
    if (part.type === "text") return { type: "text", text: part.text };
    if (part.type === "image") return image(part);
    return {
      type: "tool_result",
      tool_use_id: part.toolUseId,
      content: part.content.map((inner) =>
        inner.type === "text" ? { type: "text", text: inner.text } : image(inner),
      ),
      ...(part.isError ? { is_error: true } : {}),
    };
  });
}

/** Each screenshot's source, written as JSON once while the context shows it. */
const sources = new WeakMap<ImagePart, Encoded>();

function image(part: ImagePart): Block {
  let source = sources.get(part);
  if (!source) {
    source = new Encoded({ type: "base64", media_type: part.mediaType, data: part.data });
    sources.set(part, source);
  }
  return { type: "image", source };
}
