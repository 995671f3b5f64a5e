import { computerTool, functionTools, lastUserText } from "./brain/conversation.ts";
import { fillArguments } from "./brain/tool-rules.ts";
import { jsonTokens, textTokens } from "./tokens.ts";
import type { ComputerAction, NormalizedRequest, ScriptedTurn } from "./types.ts";

/** One block of the assistant's answer, before a route renders it. */
export type ReplyBlock =
  | { type: "text"; text: string }
  | { type: "tool_call"; name: string; input: Record<string, unknown> }
  | { type: "computer"; action: ComputerAction };

/** The answer after the request's own rules (tool choice, stop sequences, max tokens) were applied. */
export type ModelReply = {
  blocks: ReplyBlock[];
  stopReason: "end_turn" | "tool_use" | "max_tokens" | "stop_sequence";
  stopSequence: string | null;
  outputTokens: number;
};

/**
 * Turns the brain's wish into what the real model could say: only declared
 * tools, `tool_choice` honoured, no parallel calls when disabled, cut at stop
 * sequences and at `max_tokens`.
 */
export function shapeReply(
  turn: ScriptedTurn,
  request: NormalizedRequest,
  stopSequences: readonly string[] = [],
): ModelReply {
  const functions = functionTools(request);
  const computer = computerTool(request);
  const choice = request.toolChoice;
  let blocks: ReplyBlock[] = [];
  if (turn.text) blocks.push({ type: "text", text: turn.text });
  for (const call of turn.toolCalls ?? []) {
    if (functions.some((t) => t.name === call.name)) blocks.push({ type: "tool_call", ...call });
  }
  if (computer) {
    for (const action of turn.computer ?? []) {
      blocks.push({
        type: "computer",
        action: computer.actions.has(action.action) ? action : { action: "screenshot" },
      });
    }
  }

  const isCall = (b: ReplyBlock) => b.type !== "text";
  if (choice.type === "none") blocks = blocks.filter((b) => !isCall(b));
  if (choice.type === "tool")
    blocks = blocks.filter((b) => !isCall(b) || (b.type === "tool_call" && b.name === choice.name));
  if ((choice.type === "any" || choice.type === "tool") && !blocks.some(isCall)) {
    const forced =
      choice.type === "tool" ? functions.find((t) => t.name === choice.name) : functions[0];
    if (forced)
      blocks.push({
        type: "tool_call",
        name: forced.name,
        input: fillArguments(forced.schema, lastUserText(request)),
      });
    else if (computer) blocks.push({ type: "computer", action: { action: "screenshot" } });
  }
  if (!choice.parallel) {
    const first = blocks.findIndex(isCall);
    blocks = blocks.filter((b, i) => !isCall(b) || i === first);
  }
  if (blocks.length === 0) blocks.push({ type: "text", text: "OK." });

  let stopReason: ModelReply["stopReason"] = blocks.some(isCall) ? "tool_use" : "end_turn";
  let stopSequence: string | null = null;
  const firstText = blocks[0]?.type === "text" ? blocks[0] : undefined;
  const hit = firstText && stopSequences.find((s) => s && firstText.text.includes(s));
  if (firstText && hit) {
    blocks = [{ type: "text", text: firstText.text.slice(0, firstText.text.indexOf(hit)) }];
    stopReason = "stop_sequence";
    stopSequence = hit;
  }

  let outputTokens = blocks.reduce((sum, b) => sum + blockTokens(b), 0);
  const max = request.maxTokens;
  if (max !== undefined && outputTokens > max) {
    const text = firstText ? firstText.text.slice(0, max * 4) : "";
    blocks = text ? [{ type: "text", text }] : [];
    stopReason = "max_tokens";
    stopSequence = null;
    outputTokens = max;
  }
  return {
    blocks,
    stopReason,
    stopSequence,
    outputTokens: Math.max(outputTokens, max === 0 ? 0 : 1),
  };
}

/** Output tokens of one block: its text, or a call's name and JSON input plus framing. */
export function blockTokens(block: ReplyBlock): number {
  if (block.type === "text") return textTokens(block.text);
  if (block.type === "tool_call") return textTokens(block.name) + jsonTokens(block.input) + 4;
  return jsonTokens(block.action) + 4;
}
