/**
 * King Mouse's brain: the customer's chat message in, a reply (maybe with an
 * approval to tap or a screenshot to send) out.
 *
 * Decisions worth knowing:
 * - Tools run as the customer's user under RLS, each audited. Deploying an
 *   employee and scheduling recurring work only *request* an approval; the
 *   bot shows buttons, and executors (knights' `deploy_employee`, our
 *   `createScheduleExecutor`) act after the tap. Stopping a task needs no tap
 *   (it spends nothing and must be quick) but is gated like the others.
 * - Injection defence does not rely on the model behaving: third-party text
 *   is wrapped as untrusted data; once a turn has seen any (this turn or in
 *   the replayed history), a privileged tool call runs only if a clean-room
 *   call that sees just the customer's current message asks for it too, with
 *   the clean room's arguments; at most one privileged action per message;
 *   replies quoting the secret rules are replaced.
 * - Memory is deterministic compaction, no summarising model call: the last
 *   ~2,000 tokens of customer messages and final replies are replayed; older
 *   ones fold into a running summary of one-line excerpts (~600 tokens, oldest
 *   lines dropped first). Replies written after reading untrusted data enter
 *   the summary only as a placeholder, so the summary stays trusted text.
 * - Metering: one `model_tokens` event per model call (key
 *   `brain:<messageId>:<step>:<responseId>`), one `message` event per answered
 *   customer message (key `brain:<messageId>:message`); limits are checked
 *   before the first call and the AI allowance between rounds.
 */
export { type FrameContent, loadFrame } from "./frames.ts";
export {
  createKingMouse,
  type IncomingMessage,
  type KingMouse,
  type KingMouseDeps,
  type KingMouseReply,
} from "./king-mouse.ts";
export type { MemoryBudget } from "./memory.ts";
export { createScheduleExecutor } from "./schedule-executor.ts";
export { BRAIN_TOOLS, type BrainTool, type ScreenshotRef, toModelTool } from "./tools/index.ts";
export { defuse, untrusted } from "./untrusted.ts";
