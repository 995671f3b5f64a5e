export { createAnthropicProvider } from "./anthropic.ts";
export { fromAnthropic, toAnthropic } from "./anthropic-wire.ts";
export {
  type BreakerState,
  type CircuitBreaker,
  type CircuitBreakerOptions,
  createCircuitBreaker,
} from "./circuit-breaker.ts";
export {
  classifyModelError,
  ModelCallError,
  type ModelErrorInfo,
  type ModelErrorKind,
  NOT_PROVIDER_FAULTS,
  RETRYABLE_KINDS,
} from "./errors.ts";
export {
  type AttemptRecord,
  createFailover,
  type Failover,
  type FailoverOptions,
  type FailoverTarget,
  ModelUnavailableError,
  type RetryPolicy,
} from "./failover.ts";
export { createOpenAIProvider } from "./openai.ts";
export { fromOpenAIChat, toOpenAIChat } from "./openai-wire.ts";
export {
  createModelRouter,
  type ModelRouter,
  type ModelRouterOptions,
  responseCostMicros,
} from "./router.ts";
export {
  type AssistantPart,
  type ImagePart,
  type JsonSchema,
  type ModelMessage,
  type ModelProvider,
  type ModelRequest,
  type ModelResponse,
  type ModelTool,
  type ModelUsage,
  type ProviderOptions,
  type StopReason,
  type TextPart,
  type ToolResultPart,
  type ToolUsePart,
  totalTokens,
  type UserPart,
} from "./types.ts";
