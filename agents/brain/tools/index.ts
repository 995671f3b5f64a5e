import { z } from "zod";
import type { ModelTool } from "../../models/index.ts";
import { checkUsage } from "./check-usage.ts";
import { deployEmployee } from "./deploy-employee.ts";
import { editSchedule } from "./edit-schedule.ts";
import { listEmployees } from "./list-employees.ts";
import { listSchedules } from "./list-schedules.ts";
import { scheduleTask } from "./schedule-task.ts";
import { sendScreenshot } from "./send-screenshot.ts";
import { stopTask } from "./stop-task.ts";
import { taskStatus } from "./task-status.ts";
import type { BrainTool } from "./types.ts";

export type { BrainTool, ScreenshotRef, ToolContext, ToolOutcome } from "./types.ts";

/** King Mouse's tools, in the order the model sees them. */
export const BRAIN_TOOLS: readonly BrainTool[] = [
  deployEmployee,
  listEmployees,
  taskStatus,
  stopTask,
  sendScreenshot,
  checkUsage,
  scheduleTask,
  listSchedules,
  editSchedule,
] as BrainTool[];

/** A tool as declared to a model: name, description and the JSON schema of its zod input. */
export function toModelTool(tool: BrainTool): ModelTool {
  const { $schema: _drop, ...schema } = z.toJSONSchema(tool.input, { io: "input" }) as Record<
    string,
    unknown
  >;
  return { name: tool.name, description: tool.description, inputSchema: schema };
}
