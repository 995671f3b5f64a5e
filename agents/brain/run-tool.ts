import { audit } from "../../audit/index.ts";
import type { Data } from "../../db/index.ts";
import type { BrainTool, ToolContext, ToolOutcome } from "./tools/index.ts";

/** The audit trail of a tool call: which customer message caused it. */
export type ToolTrace = { messageId: string; toolUseId: string };

/**
 * Validates a tool call's arguments with the tool's zod schema, runs it as the
 * customer's user under RLS, and audits it in the same transaction. A failure
 * (RLS refusal, bad id, bug) becomes an error result the model can explain,
 * and is audited on the service path since the user's transaction rolled back.
 */
export async function runTool(
  data: Data,
  tool: BrainTool,
  rawInput: unknown,
  ctx: ToolContext,
  trace: ToolTrace,
): Promise<ToolOutcome> {
  const parsed = tool.input.safeParse(rawInput);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join(".") || "input"}: ${i.message}`)
      .join("; ");
    const outcome = { isError: true, content: `Invalid arguments for ${tool.name}: ${problems}` };
    await auditOnService(data, tool.name, ctx, trace, "invalid", { problems });
    return outcome;
  }
  try {
    return await data.asUser({ sub: ctx.userId }, async (tx) => {
      const outcome = await tool.run(tx, parsed.data, ctx);
      await audit(tx, {
        action: `brain.tool.${tool.name}`,
        customerId: ctx.customerId,
        targetType: outcome.audit?.targetType,
        targetId: outcome.audit?.targetId,
        detail: {
          ...outcome.audit?.detail,
          outcome: outcome.isError ? "error" : "ok",
          messageId: trace.messageId,
          toolUseId: trace.toolUseId,
        },
      });
      return outcome;
    });
  } catch (error) {
    const denied = (error as { code?: string }).code === "42501";
    await auditOnService(data, tool.name, ctx, trace, denied ? "denied" : "failed", {
      error: error instanceof Error ? error.message.slice(0, 300) : String(error),
    });
    return {
      isError: true,
      content: denied
        ? "Not allowed: this user has read-only access to this workspace, so ask an owner or admin to do it."
        : `${tool.name} failed because of an internal error; nothing was changed. Apologise and suggest trying again later.`,
    };
  }
}

/** Records a tool call that did not run (refused, invalid, failed). */
export async function auditOnService(
  data: Data,
  toolName: string,
  ctx: ToolContext,
  trace: ToolTrace,
  outcome: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await data.asService("brain: audit tool call", (tx) =>
    audit(tx, {
      action: `brain.tool.${toolName}`,
      customerId: ctx.customerId,
      detail: {
        ...detail,
        outcome,
        userId: ctx.userId,
        messageId: trace.messageId,
        toolUseId: trace.toolUseId,
      },
    }),
  );
}
