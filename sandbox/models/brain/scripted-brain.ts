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
  firstUserText,
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
    if (computerTool(request)) {
      const help = askForHelp(request);
      if (help) return help;
      return playScenario(DEFAULT_COMPUTER_SCENARIO, request);
    }

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

/**
 * A knight whose task mentions a CAPTCHA (the sandbox desktop cannot draw
 * one) calls `request_help`, as a real model should, when the tool is
 * offered and nobody has stepped in yet; once the customer handed back or
 * answered, it carries on with the default scenario.
 */
function askForHelp(request: NormalizedRequest): ScriptedTurn | undefined {
  if (!/captcha/i.test(firstUserText(request))) return undefined;
  if (!functionTools(request).some((t) => t.name === "request_help")) return undefined;
  const said = JSON.stringify(request.messages);
  if (/handed the controls back|The customer answered|called request_help/.test(said))
    return undefined;
  return {
    toolCalls: [
      {
        name: "request_help",
        input: {
          reason: "captcha",
          message:
            "The site shows a CAPTCHA I must not solve myself. Please solve it, then hand the desktop back.",
        },
      },
    ],
  };
}
