import type { AssistantPart } from "../models/index.ts";

/**
 * What a row of `public.messages` holds in `content`, by kind. Everything is
 * stored verbatim (hostile text included) and never edited: the customer's
 * text, every model round, every tool result exactly as the model saw it,
 * and notices the brain sent without a model (limits).
 */
export type StoredContent =
  | { kind: "customer"; text: string }
  | {
      kind: "assistant";
      replyTo: string;
      round: number;
      parts: AssistantPart[];
      /** The turn's last round: `shown` is what the customer got (after the leak guard). */
      final: boolean;
      shown?: string;
      /** The model had read untrusted data when it wrote this. */
      tainted: boolean;
      provider: string;
      model: string;
    }
  | {
      kind: "tool_results";
      replyTo: string;
      round: number;
      results: Array<{
        toolUseId: string;
        name: string;
        content: string;
        isError: boolean;
        untrusted: boolean;
      }>;
    }
  | { kind: "notice"; replyTo: string; reason: string; text: string };

/** About four characters per token, as both providers suggest for English text. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4) + 3;
}
