import type {
  ImageInfo,
  NormalizedMessage,
  NormalizedPart,
  NormalizedRequest,
  NormalizedTool,
} from "../types.ts";

/** A function tool as the brain sees it. */
export type FunctionTool = Extract<NormalizedTool, { kind: "function" }>;
/** A computer tool as the brain sees it. */
export type ComputerTool = Extract<NormalizedTool, { kind: "computer" }>;
type ToolResultPart = Extract<NormalizedPart, { type: "tool_result" }>;

/** Joined text parts of a message (tool results excluded). */
export function textOf(message: NormalizedMessage | undefined): string {
  if (!message) return "";
  return message.parts
    .flatMap((p) => (p.type === "text" ? [p.text] : []))
    .join("\n")
    .trim();
}

/** The latest user turn. */
export function lastUserMessage(request: NormalizedRequest): NormalizedMessage | undefined {
  return request.messages.findLast((m) => m.role === "user");
}

/** Text of the latest user turn. */
export function lastUserText(request: NormalizedRequest): string {
  return textOf(lastUserMessage(request));
}

/** Text of the first user turn: the task, in a computer-use run. */
export function firstUserText(request: NormalizedRequest): string {
  return textOf(request.messages.find((m) => m.role === "user"));
}

/** Tool results the latest user turn answers with, paired with the names they answer. */
export function latestToolResults(
  request: NormalizedRequest,
): Array<{ name: string; result: ToolResultPart }> {
  const last = request.messages.at(-1);
  if (last?.role !== "user") return [];
  const names = new Map<string, string>();
  for (const message of request.messages) {
    for (const part of message.parts) if (part.type === "tool_call") names.set(part.id, part.name);
  }
  return last.parts.flatMap((part) =>
    part.type === "tool_result" ? [{ name: names.get(part.id) ?? "tool", result: part }] : [],
  );
}

/** Offered function tools. */
export function functionTools(request: NormalizedRequest): FunctionTool[] {
  return request.tools.filter((t): t is FunctionTool => t.kind === "function");
}

/** The computer tool, when the request declares one. */
export function computerTool(request: NormalizedRequest): ComputerTool | undefined {
  return request.tools.find((t): t is ComputerTool => t.kind === "computer");
}

/** The most recent image anywhere in the conversation (the latest screenshot). */
export function latestImage(request: NormalizedRequest): ImageInfo | undefined {
  for (const message of request.messages.toReversed()) {
    for (const part of message.parts.toReversed()) {
      if (part.type === "image") return part;
      if (part.type === "tool_result" && part.images.length > 0) return part.images.at(-1);
    }
  }
  return undefined;
}

/** Screen size to aim clicks at: declared display, else the last screenshot, else 1280×800. */
export function screenSize(request: NormalizedRequest): { width: number; height: number } {
  return computerTool(request)?.display ?? latestImage(request) ?? { width: 1280, height: 800 };
}

/** Number of assistant turns after message `from` (the scenario's step number). */
export function assistantTurnsAfter(request: NormalizedRequest, from: number): number {
  return request.messages.filter((m, i) => i > from && m.role === "assistant").length;
}

/** Shortens text for replies and logs. */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
