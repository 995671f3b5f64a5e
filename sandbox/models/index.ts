export { type ApiErrorType, ModelApiError } from "./api-error.ts";
export {
  type ComputerScenario,
  DEFAULT_COMPUTER_SCENARIO,
  type ScenarioStep,
  textToType,
} from "./brain/computer-scenarios.ts";
export {
  createKingMouseBrain,
  decideAsKingMouse,
  languageOf,
} from "./brain/king-mouse-brain.ts";
export { createScriptedBrain, type ScriptedBrainOptions } from "./brain/scripted-brain.ts";
export { DEFAULT_TOOL_RULES, fillArguments, type ToolRule } from "./brain/tool-rules.ts";
export type { ModelSandboxOptions } from "./core.ts";
export type { FaultInjector, FaultKind, FaultOptions } from "./faults.ts";
export { decodeBase64Strict, sniffImage } from "./image-info.ts";
export type { PromptCache } from "./prompt-cache.ts";
export type { Endpoint, RequestCounters, RequestLog, RequestLogEntry } from "./request-log.ts";
export {
  createAnthropicSandbox,
  createModelSandbox,
  createOpenAISandbox,
  type ModelSandbox,
} from "./sandbox.ts";
export { type RunningModelSandbox, startModelSandbox } from "./start.ts";
export { anthropicImageTokens, openaiImageTokens, TOKEN_COSTS, textTokens } from "./tokens.ts";
export type {
  Brain,
  ComputerAction,
  ComputerActionName,
  ComputerToolForm,
  ImageInfo,
  ModelApi,
  NormalizedMessage,
  NormalizedPart,
  NormalizedRequest,
  NormalizedTool,
  ScriptedTurn,
  ToolChoice,
} from "./types.ts";
