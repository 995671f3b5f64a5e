export { actionInput, describeAction, parseComputerAction } from "./actions.ts";
export { type AnthropicComputerOptions, createAnthropicComputerProvider } from "./anthropic.ts";
export { type ComputerModelOptions, createComputerModel } from "./computer-model.ts";
export { createOpenAIComputerProvider } from "./openai.ts";
export {
  COMPUTER_TOOL,
  type ComputerAction,
  type ComputerContext,
  type ComputerModel,
  type ComputerProvider,
  type ComputerTurn,
  type Point,
} from "./types.ts";
