/**
 * The provider-neutral shape of a model call. King Mouse and the knights
 * speak this; each provider converts it to and from its own wire format, so
 * a conversation can move from Anthropic to OpenAI mid-turn.
 */

/** A JSON schema as tools declare their input. */
export type JsonSchema = Record<string, unknown>;

export type TextPart = { type: "text"; text: string };
/** A base64 image (PNG or JPEG), e.g. a VM screenshot. */
export type ImagePart = { type: "image"; mediaType: "image/png" | "image/jpeg"; data: string };
export type ToolUsePart = {
  type: "tool_use";
  id: string;
  name: string;
  input: Record<string, unknown>;
};
export type ToolResultPart = {
  type: "tool_result";
  toolUseId: string;
  content: Array<TextPart | ImagePart>;
  isError?: boolean;
};

export type UserPart = TextPart | ImagePart | ToolResultPart;
export type AssistantPart = TextPart | ToolUsePart;

export type ModelMessage =
  | { role: "user"; content: UserPart[] }
  | { role: "assistant"; content: AssistantPart[] };

export type ModelTool = { name: string; description: string; inputSchema: JsonSchema };

export type ModelRequest = {
  system: string;
  messages: ModelMessage[];
  tools?: ModelTool[];
  /** Upper bound on the reply; providers apply their own default when absent. */
  maxTokens?: number;
  /** Ask the provider to cache the stable prefix (system and tools). */
  cache?: boolean;
};

/** Tokens of one call; `input` excludes cached tokens, as Anthropic reports it. */
export type ModelUsage = { input: number; output: number; cacheRead: number; cacheWrite: number };

export type StopReason = "end_turn" | "tool_use" | "max_tokens" | "refusal" | "other";

export type ModelResponse = {
  /** The provider's id of this response (unique per call). */
  id: string;
  content: AssistantPart[];
  stopReason: StopReason;
  usage: ModelUsage;
  provider: string;
  /** The model that answered, as the provider names it. */
  model: string;
};

/** One model provider behind the common interface. */
export type ModelProvider = {
  readonly name: string;
  readonly model: string;
  /** One call, no retries; failures are thrown as `ModelCallError`. */
  complete(request: ModelRequest, options?: { signal?: AbortSignal }): Promise<ModelResponse>;
};

/** What every provider factory takes. */
export type ProviderOptions = {
  apiKey: string;
  baseURL?: string;
  model: string;
  /** Per-call timeout; default 60 s. */
  timeoutMs?: number;
  /** Default `maxTokens` when a request sets none; default 1024. */
  maxTokens?: number;
};

/** Total tokens of a call (what a `model_tokens` usage event counts). */
export function totalTokens(usage: ModelUsage): number {
  return usage.input + usage.output + usage.cacheRead + usage.cacheWrite;
}
