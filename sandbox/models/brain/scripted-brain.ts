import type { Brain, NormalizedRequest, ScriptedTurn } from "../types.ts";
import {
  type ComputerScenario,
  DEFAULT_COMPUTER_SCENARIO,
  findScenario,
  playScenario,
} from "./computer-scenarios.ts";
import {
  computerTool,
  excerpt,
  functionTools,
  lastUserText,
  latestToolResults,
} from "./conversation.ts";
import { DEFAULT_TOOL_RULES, fillArguments, matchRule, type ToolRule } from "./tool-rules.ts";

export type ScriptedBrainOptions = {
  /** Who is speaking in plain replies. Default "King Mouse". */
  persona?: string;
  /** Tool rules, tried in order; default `DEFAULT_TOOL_RULES`. */
  rules?: readonly ToolRule[];
  /** Scripted computer-use (or any) runs, matched per request before the defaults. */
  scenarios?: readonly ComputerScenario[];
  /** Asked first; return undefined to fall through to the built-in behaviour. */
  decide?: (
    request: NormalizedRequest,
  ) => ScriptedTurn | undefined | Promise<ScriptedTurn | undefined>;
  /** The plain reply when no tool applies; default an echo in the persona's voice. */
  reply?: (text: string, request: NormalizedRequest) => string;
};

/**
 * The deterministic model. In order: `decide`, a matching scenario, the
 * default computer run (when a computer tool is declared), a summary of the
 * tool results just received, a tool call picked by the rules, a plain reply.
 */
export function createScriptedBrain({
  persona = "King Mouse",
  rules = DEFAULT_TOOL_RULES,
  scenarios = [],
  decide,
  reply = (text) =>
    text
      ? `${persona} here. You said: "${excerpt(text)}". Tell me what you need and I will get it done.`
      : `${persona} here. How can I help?`,
}: ScriptedBrainOptions = {}): Brain {
  return async (request) => {
    const decided = await decide?.(request);
    if (decided) return decided;

    const scenario = findScenario(scenarios, request);
    if (scenario) return playScenario(scenario, request);
    if (computerTool(request)) return playScenario(DEFAULT_COMPUTER_SCENARIO, request);

    const results = latestToolResults(request);
    if (results.length > 0) {
      const lines = results.map(({ name, result }) => {
        const body =
          result.text ||
          (result.images.length > 0 ? `${result.images.length} image(s)` : "nothing");
        return result.isError
          ? `${name} failed: ${excerpt(body)}`
          : `${name} returned: ${excerpt(body)}`;
      });
      return { text: `${persona} here. ${lines.join("\n")}` };
    }

    const text = lastUserText(request);
    const matched = matchRule(rules, text, functionTools(request), request);
    if (matched) {
      const { rule, tool } = matched;
      const input = rule.input ? rule.input(text, tool, request) : fillArguments(tool.schema, text);
      return { toolCalls: [{ name: tool.name, input }] };
    }
    return { text: reply(text, request) };
  };
}
