/**
 * What the model sees at a step, rebuilt from the task's steps every time
 * (so a resumed worker sees exactly what the crashed one would have):
 *
 * - the task, then the most recent steps in full (between `keep` and `max`
 *   of them) and older ones folded into a short numbered list;
 * - the `images` most recent screenshots (default 3) as of the last fold, and
 *   every one taken since (at most `images + max - keep`); older results say
 *   the screenshot is no longer shown.
 *
 * Both bounds keep the prompt the same size however long the task runs. The
 * fold advances in chunks (`max - keep` steps at a time), and screenshots
 * leave the prompt only when it folds, so between two folds each prompt is
 * the previous one plus the last step: one cache breakpoint sits on the last
 * turn before the screenshots, another (`cacheTail`) on the end, and the next
 * step reads all but its own new turn from the prompt cache at a tenth of the
 * price (each screenshot is written once at 1.25× instead of sent 3 times).
 */
import type { ImagePart, ModelMessage, ToolUsePart, UserPart } from "../models/index.ts";
import {
  actionInput,
  actionToolName,
  type ComputerContext,
  describeAction,
} from "./model/index.ts";
import type { Size } from "./scale.ts";
import type { StepRow } from "./steps.ts";
import { describeCustomerStep, helpLine } from "./takeover-context.ts";

export type ContextOptions = {
  /** Screenshots kept in the prompt. Default 3. */
  images?: number;
  /** Steps shown in full: at most `max`, folded back to `keep` when exceeded. Default 12 / 6. */
  window?: { max: number; keep: number };
  /**
   * Drop the oldest screenshot at every step, keeping exactly `images` (the
   * reference computer-use loop's policy): only for comparing costs, as it
   * rewrites the cached prefix every step.
   */
  slidingImages?: boolean;
};

export type ContextInput = {
  system: string;
  task: string;
  steps: readonly StepRow[];
  firstFrameId: string | null;
  display: Size;
  /** The screenshot of a frame as the model should see it. */
  image: (frameId: string) => Promise<ImagePart | undefined>;
  maxTokens?: number;
};

/** The most screenshots a context holds under `options` (the 3 newest at a fold and those since). */
export function maxContextImages(options: ContextOptions = {}): number {
  const images = options.images ?? 3;
  if (options.slidingImages) return images;
  const { max, keep } = options.window ?? { max: 12, keep: 6 };
  return images + Math.max(0, max - keep);
}

const SUMMARY_LINES = 24;
/** Anthropic's computer tool definition and tool-use system prompt, about. */
const TOOL_TOKENS = 1_100;

/** Builds the model's context for the next step, with a conservative prompt-size estimate. */
export async function buildContext(
  input: ContextInput,
  options: ContextOptions = {},
): Promise<ComputerContext & { promptTokens: number }> {
  const imageCount = options.images ?? 3;
  const { max, keep } = options.window ?? { max: 12, keep: 6 };
  const steps = input.steps;
  const chunk = Math.max(1, max - keep);
  const folded = steps.length <= max ? 0 : Math.floor((steps.length - keep) / chunk) * chunk;
  const shown = steps.slice(folded);

  const frames = (list: readonly StepRow[]) =>
    list.flatMap((s) => (s.frame_id ? [s.frame_id] : []));
  const first = folded === 0 && input.firstFrameId ? [input.firstFrameId] : [];
  const candidates = [...first, ...frames(shown)];
  // Screenshots of the steps shown at the last fold: the newest `imageCount` of
  // them stay, with every later one, until the next fold (the prefix stays put).
  // Before the first fold, the first `keep` steps count as folded once more
  // follow, so a prompt never holds more than `imageCount + max - keep` of them.
  const atFold =
    folded > 0
      ? frames(shown.slice(0, keep)).length
      : steps.length > keep
        ? first.length + frames(steps.slice(0, keep)).length
        : imageCount;
  const kept = new Set(
    options.slidingImages
      ? candidates.slice(-imageCount)
      : candidates.slice(Math.max(0, atFold - imageCount)),
  );
  const images = new Map<string, ImagePart>();
  for (const id of kept) {
    const image = await input.image(id);
    if (image) images.set(id, image);
  }
  const picture = (frameId: string | null): ImagePart[] => {
    const image = frameId ? images.get(frameId) : undefined;
    return image ? [image] : [];
  };

  const messages: ModelMessage[] = [];
  const push = (message: ModelMessage) => {
    const last = messages.at(-1);
    if (last?.role === message.role) (last.content as unknown[]).push(...message.content);
    else messages.push(message);
  };

  const intro = [`Task from the customer:\n${input.task}`];
  if (folded > 0) intro.push(summarize(steps.slice(0, folded), input.display));
  push({
    role: "user",
    content: [
      { type: "text", text: intro.join("\n\n") },
      ...(folded === 0 ? picture(input.firstFrameId) : []),
    ],
  });

  for (const step of shown) {
    const { kind, text, actions = [] } = step.params;
    if (kind === "help") {
      push({ role: "assistant", content: [{ type: "text", text: helpLine(step) }] });
    } else if (kind === "ask" || kind === "finish") {
      push({ role: "assistant", content: [{ type: "text", text: text || "(no text)" }] });
    } else if (kind === "customer" || kind === "handback") {
      push({
        role: "user",
        content: [
          { type: "text", text: describeCustomerStep(step, input.display) },
          ...picture(step.frame_id),
        ],
      });
    } else if (kind === "answer") {
      push({
        role: "user",
        content: [
          { type: "text", text: `The customer answered: ${text ?? ""}` },
          ...picture(step.frame_id),
        ],
      });
    } else {
      const uses: ToolUsePart[] = actions.map((action, i) => ({
        type: "tool_use",
        id: callId(step.seq, i),
        name: actionToolName(action),
        input: actionInput(action),
      }));
      push({
        role: "assistant",
        content: [...(text ? [{ type: "text" as const, text }] : []), ...uses],
      });
      push({ role: "user", content: results(step, picture(step.frame_id)) });
    }
  }

  const firstImage = messages.findIndex((m) => m.content.some(hasImage));
  let cacheBoundary = -1;
  for (let i = (firstImage === -1 ? messages.length : firstImage) - 1; i >= 0; i--) {
    if (messages[i]!.role === "user") {
      cacheBoundary = i;
      break;
    }
  }
  return {
    system: input.system,
    messages,
    cacheBoundary,
    cacheTail: true,
    display: input.display,
    ...(input.maxTokens ? { maxTokens: input.maxTokens } : {}),
    promptTokens: estimateTokens(input.system, messages, input.display),
  };
}

/** The tool_use id of action `i` of step `seq` (ours, so a rebuilt history always pairs up). */
export const callId = (seq: number, i: number) => `call_${seq}_${i}`;

function results(step: StepRow, shot: ImagePart[]): UserPart[] {
  const actions = step.params.actions ?? [];
  const outcomes = step.outcome?.results ?? [];
  return actions.map((action, i): UserPart => {
    const last = i === actions.length - 1;
    const outcome = outcomes[i];
    let text: string;
    let isError = false;
    if (step.outcome?.uncertain && !outcome) {
      text = `Step ${step.seq}: ${describeAction(action)} was interrupted (the worker restarted); it may or may not have happened. Check the screenshot before repeating it.`;
      isError = true;
    } else if (!outcome) {
      text = `Step ${step.seq}: ${describeAction(action)} was not performed.`;
      isError = true;
    } else if (!outcome.ok) {
      text = `Step ${step.seq}: ${describeAction(action)} failed: ${outcome.error}${outcome.maybePerformed ? " (it may still have happened; check the screenshot)" : ""}`;
      isError = true;
    } else {
      const extra = [outcome.note, outcome.output !== undefined ? `output: ${outcome.output}` : ""]
        .filter(Boolean)
        .join("; ");
      text = `Step ${step.seq}: ${describeAction(action)} done${extra ? ` (${extra})` : ""}.`;
    }
    if (last && shot.length === 0 && step.frame_id) text += " (Screenshot no longer shown.)";
    return {
      type: "tool_result",
      toolUseId: callId(step.seq, i),
      content: [{ type: "text", text }, ...(last ? shot : [])],
      ...(isError ? { isError: true } : {}),
    };
  });
}

function summarize(steps: readonly StepRow[], display: Size): string {
  const lines = steps.map((step) => {
    const { kind, text, actions = [] } = step.params;
    if (kind === "ask") return `${step.seq}. You asked: ${clip(text ?? "")}`;
    if (kind === "help") return `${step.seq}. ${clip(helpLine(step), 200)}`;
    if (kind === "answer") return `${step.seq}. The customer answered: ${clip(text ?? "")}`;
    if (kind === "customer" || kind === "handback")
      return `${step.seq}. ${clip(describeCustomerStep(step, display), 200)}`;
    const what = actions.map(describeAction).join(", ") || "nothing";
    const how =
      step.status === "done" ? "done" : step.outcome?.uncertain ? "interrupted" : "failed";
    return `${step.seq}. ${what}: ${how}`;
  });
  const hidden = Math.max(0, lines.length - SUMMARY_LINES);
  return [
    `Steps ${steps[0]!.seq}–${steps.at(-1)!.seq} so far (screenshots no longer shown):`,
    ...(hidden ? [`(${hidden} earlier steps not listed)`] : []),
    ...lines.slice(hidden),
  ].join("\n");
}

function clip(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function hasImage(part: ModelMessage["content"][number]): boolean {
  return part.type === "image" || (part.type === "tool_result" && part.content.some(hasImage));
}

/** Over-estimates rather than under: it sizes the budget reservation. */
function estimateTokens(system: string, messages: ModelMessage[], display: Size): number {
  let chars = system.length;
  let images = 0;
  const visit = (part: unknown) => {
    const p = part as { type: string; text?: string; content?: unknown[]; input?: unknown };
    if (p.type === "image") images++;
    else if (p.type === "text") chars += p.text?.length ?? 0;
    else if (p.type === "tool_use") chars += JSON.stringify(p.input).length + 20;
    else if (p.type === "tool_result") for (const inner of p.content ?? []) visit(inner);
  };
  for (const m of messages) for (const part of m.content) visit(part);
  const perImage = Math.ceil((display.width * display.height) / 750) + 100;
  return TOOL_TOKENS + Math.ceil(chars / 3) + images * perImage + messages.length * 5;
}
