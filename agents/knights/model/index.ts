export {
  actionInput,
  actionToolName,
  describeAction,
  parseComputerAction,
  parseToolUse,
} from "./actions.ts";
export { type AnthropicComputerOptions, createAnthropicComputerProvider } from "./anthropic.ts";
export { type ComputerModelOptions, createComputerModel } from "./computer-model.ts";
export { DELIVER_FILE_TOOL } from "./deliver-file.ts";
export { createOpenAIComputerProvider } from "./openai.ts";
export { REMEMBER_TOOL } from "./remember-tool.ts";
export {
  COMPUTER_TOOL,
  type ComputerAction,
  type ComputerContext,
  type ComputerModel,
  type ComputerProvider,
  type ComputerTurn,
  type Point,
} from "./types.ts";
