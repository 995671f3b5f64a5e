import type { z } from "zod";
import type { Tx } from "../../../db/index.ts";

/** Who a tool acts for. Every query runs as `userId` under RLS and is scoped to `customerId`. */
export type ToolContext = {
  userId: string;
  customerId: string;
  /** The least time between a schedule's runs (`schedule_task`); default 15 minutes. */
  scheduleMinIntervalMs?: number;
};

/** A screenshot the bot should send with the reply. */
export type ScreenshotRef = { frameId: string; taskId: string | null; capturedAt: Date };

/** What a tool did, for the model (content) and for the bot (approval, screenshot). */
export type ToolOutcome = {
  /** Text for the model; third-party text inside must already be wrapped with `untrusted()`. */
  content: string;
  /** True when `content` carries untrusted data (the turn becomes tainted). */
  untrusted?: boolean;
  isError?: boolean;
  approval?: { id: string; summary: string };
  screenshot?: ScreenshotRef;
  /** What the audit log records besides the tool name. */
  audit?: { targetType?: string; targetId?: string; detail?: Record<string, unknown> };
};

/**
 * One tool King Mouse may call. `privileged` tools change things that cost
 * money or stop work: they run at most once per customer message and, in a
 * turn that has read untrusted data, only if the clean-room check finds the
 * customer's own message asking for them (see guard.ts).
 */
export type BrainTool<Schema extends z.ZodType = z.ZodType> = {
  name: string;
  description: string;
  input: Schema;
  privileged?: boolean;
  /** Runs inside the caller's `asUser` transaction. */
  run: (tx: Tx, input: z.output<Schema>, ctx: ToolContext) => Promise<ToolOutcome>;
};

/** Declares a tool with its input type inferred from the schema. */
export function defineTool<Schema extends z.ZodType>(tool: BrainTool<Schema>): BrainTool<Schema> {
  return tool;
}

/** Shortens stored text for tool output. */
export function excerpt(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
