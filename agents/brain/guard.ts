import { leaksRules } from "./prompt.ts";
import type { BrainTool } from "./tools/index.ts";

/**
 * Asks a model that sees nothing but the customer's current message whether
 * it asks for `tool`; returns that model's arguments, or undefined for no.
 */
export type CleanRoom = (tool: BrainTool) => Promise<Record<string, unknown> | undefined>;

export type Authorization =
  | { ok: true; input: unknown }
  | { ok: false; reason: string; refusal: "once_per_message" | "not_from_customer" | "leak" };

/**
 * The per-turn gate in front of privileged tools (deploy, schedule, stop).
 *
 * A turn is tainted once the model has seen untrusted data: a tool result
 * carrying it in this turn, or any stored message in the prompt window that
 * did. In an untainted turn everything the model read came from the customer
 * and us, so its call stands. In a tainted turn the call may have been
 * planted, so the clean room decides: a second call that sees only the
 * customer's current message and the one tool. Its arguments replace the
 * model's, so injected details (a different task, an extra instruction)
 * are dropped too. At most one privileged action runs per customer message,
 * which also caps "deploy 10 knights" at one approval.
 */
export function createTurnGuard({
  tainted,
  cleanRoom,
}: {
  tainted: boolean;
  cleanRoom: CleanRoom;
}) {
  let isTainted = tainted;
  let used = false;
  const verdicts = new Map<string, Promise<Record<string, unknown> | undefined>>();

  return {
    get tainted() {
      return isTainted;
    },
    taint() {
      isTainted = true;
    },
    /** Records that a privileged action ran (or was requested) in this turn. */
    markUsed() {
      used = true;
    },
    async authorize(tool: BrainTool, input: unknown): Promise<Authorization> {
      if (!tool.privileged) return { ok: true, input };
      if (used) {
        return {
          ok: false,
          refusal: "once_per_message",
          reason:
            "Not done: only one such action per customer message. Tell the customer what else you suggest and let them ask for it.",
        };
      }
      if (leaksRules(JSON.stringify(input ?? {}))) {
        return {
          ok: false,
          refusal: "leak",
          reason: "Not done: the arguments quote internal instructions.",
        };
      }
      if (!isTainted) return { ok: true, input };
      let verdict = verdicts.get(tool.name);
      if (!verdict) {
        verdict = cleanRoom(tool);
        verdicts.set(tool.name, verdict);
      }
      const confirmed = await verdict;
      if (confirmed) return { ok: true, input: confirmed };
      return {
        ok: false,
        refusal: "not_from_customer",
        reason:
          "Not done: the customer's own message does not ask for this, and untrusted data cannot. If the customer wants it, ask them to say so in their own words.",
      };
    },
  };
}

export type TurnGuard = ReturnType<typeof createTurnGuard>;
