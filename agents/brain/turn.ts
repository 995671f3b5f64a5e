import type { Data } from "../../db/index.ts";
import type {
  ModelMessage,
  ModelRequest,
  ModelResponse,
  ToolResultPart,
  ToolUsePart,
} from "../models/index.ts";
import { createTurnGuard, type TurnGuard } from "./guard.ts";
import { type Conversation, storeMessage } from "./memory.ts";
import { recordModelCall } from "./metering.ts";
import { CLEAN_ROOM_SYSTEM, leaksRules } from "./prompt.ts";
import { auditOnService, runTool } from "./run-tool.ts";
import type { StoredContent } from "./stored.ts";
import { BRAIN_TOOLS, type ScreenshotRef, type ToolContext, toModelTool } from "./tools/index.ts";

/** What the turn needs from the model side: one call, failover included. */
export type CompleteFn = (request: ModelRequest) => Promise<ModelResponse>;

export type TurnInput = {
  data: Data;
  complete: CompleteFn;
  system: string;
  history: ModelMessage[];
  historyTainted: boolean;
  customerText: string;
  ctx: ToolContext;
  conversation: Conversation;
  messageId: string;
  maxRounds: number;
  maxTokens: number;
  aiMicrosLeft: number;
};

export type TurnResult = {
  text: string;
  approval?: { id: string; summary: string };
  screenshot?: ScreenshotRef;
  /** Why the loop ended without the model's own final answer. */
  cutShort?: "max_rounds" | "ai_budget";
};

const TOOLS = new Map(BRAIN_TOOLS.map((t) => [t.name, t]));
const MODEL_TOOLS = BRAIN_TOOLS.map(toModelTool);
const CANT_SHARE =
  "I can't share my internal instructions, but I'm happy to help: ask me to hire an employee, check a task, or look at your usage.";

/**
 * The tool-use loop of one customer message: call the model, run the tools
 * it asks for (validated, gated, as the user, audited), feed the results
 * back, until it answers in text or `maxRounds` / the AI budget runs out.
 * Every model round is stored and metered in one transaction as it happens.
 */
export async function runTurn(input: TurnInput): Promise<TurnResult> {
  const { data, ctx, conversation, messageId } = input;
  const messages = withCustomerText(input.history, input.customerText);
  const result: Omit<TurnResult, "text"> = {};
  let spent = 0;

  const meterAndStore = async (response: ModelResponse, step: string, content?: StoredContent) =>
    data.asService("brain: store and meter a model round", async (tx) => {
      if (content) await storeMessage(tx, conversation, "assistant", content, null);
      spent += await recordModelCall(tx, { customerId: ctx.customerId, messageId, step, response });
    });

  const guard = createTurnGuard({
    tainted: input.historyTainted,
    cleanRoom: async (tool) => {
      try {
        const response = await input.complete({
          system: CLEAN_ROOM_SYSTEM,
          messages: [{ role: "user", content: [{ type: "text", text: input.customerText }] }],
          tools: [toModelTool(tool)],
          maxTokens: 512,
        });
        await meterAndStore(response, `clean-${tool.name}`);
        const call = response.content.find((p) => p.type === "tool_use" && p.name === tool.name);
        return call?.type === "tool_use" ? call.input : undefined;
      } catch {
        return undefined; // no confirmation is a no
      }
    },
  });

  for (let round = 0; round < input.maxRounds; round++) {
    if (round > 0 && spent >= input.aiMicrosLeft)
      return { ...result, text: "", cutShort: "ai_budget" };
    const response = await input.complete({
      system: input.system,
      messages,
      tools: MODEL_TOOLS,
      maxTokens: input.maxTokens,
      cache: true,
    });
    const calls = response.content.filter((p): p is ToolUsePart => p.type === "tool_use");
    const text = response.content
      .flatMap((p) => (p.type === "text" ? [p.text] : []))
      .join("\n")
      .trim();
    const final = calls.length === 0;
    const shown = final ? (leaksRules(text) ? CANT_SHARE : text) : undefined;
    await meterAndStore(response, `r${round}`, {
      kind: "assistant",
      replyTo: messageId,
      round,
      parts: response.content,
      final,
      shown,
      tainted: guard.tainted,
      provider: response.provider,
      model: response.model,
    });
    if (final) return { ...result, text: shown ?? "" };

    messages.push({ role: "assistant", content: response.content });
    const results = await runCalls(input, guard, calls, result);
    await data.asService("brain: store tool results", (tx) =>
      storeMessage(
        tx,
        conversation,
        "tool",
        { kind: "tool_results", replyTo: messageId, round, results },
        null,
      ),
    );
    messages.push({
      role: "user",
      content: results.map(
        (r): ToolResultPart => ({
          type: "tool_result",
          toolUseId: r.toolUseId,
          content: [{ type: "text", text: r.content }],
          ...(r.isError ? { isError: true } : {}),
        }),
      ),
    });
  }
  return { ...result, text: "", cutShort: "max_rounds" };
}

async function runCalls(
  input: TurnInput,
  guard: TurnGuard,
  calls: ToolUsePart[],
  result: Omit<TurnResult, "text">,
) {
  const results: Extract<StoredContent, { kind: "tool_results" }>["results"] = [];
  for (const call of calls) {
    const trace = { messageId: input.messageId, toolUseId: call.id };
    const tool = TOOLS.get(call.name);
    if (!tool) {
      results.push({
        toolUseId: call.id,
        name: call.name,
        content: `Unknown tool ${call.name}.`,
        isError: true,
        untrusted: false,
      });
      continue;
    }
    const auth = await guard.authorize(tool, call.input);
    if (!auth.ok) {
      await auditOnService(input.data, tool.name, input.ctx, trace, "refused", {
        refusal: auth.refusal,
      });
      results.push({
        toolUseId: call.id,
        name: call.name,
        content: auth.reason,
        isError: true,
        untrusted: false,
      });
      continue;
    }
    const outcome = await runTool(input.data, tool, auth.input, input.ctx, trace);
    if (tool.privileged && !outcome.isError) guard.markUsed();
    if (outcome.untrusted) guard.taint();
    if (outcome.approval) result.approval = outcome.approval;
    if (outcome.screenshot) result.screenshot = outcome.screenshot;
    results.push({
      toolUseId: call.id,
      name: call.name,
      content: outcome.content,
      isError: outcome.isError ?? false,
      untrusted: outcome.untrusted ?? false,
    });
  }
  return results;
}

/** History plus the customer's message, keeping roles alternating. */
function withCustomerText(history: ModelMessage[], text: string): ModelMessage[] {
  const messages = history.map((m) => ({ ...m, content: [...m.content] }) as ModelMessage);
  const last = messages.at(-1);
  if (last?.role === "user") last.content.push({ type: "text", text });
  else messages.push({ role: "user", content: [{ type: "text", text }] });
  return messages;
}
