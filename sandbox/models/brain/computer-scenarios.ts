import type { NormalizedRequest, ScriptedTurn } from "../types.ts";
import { assistantTurnsAfter, excerpt, firstUserText, screenSize, textOf } from "./conversation.ts";

/** One step of a scenario: a fixed turn, or one computed from the request. */
export type ScenarioStep =
  | ScriptedTurn
  | ((request: NormalizedRequest, step: number) => ScriptedTurn);

/**
 * A scripted run. It applies when `match` (a marker string or RegExp looked
 * for in the system prompt and user messages, or a predicate) fits the
 * request. Step n is played on the n-th assistant turn after the first user
 * message containing the marker (or after the first message), so a step that
 * only has `text` ending in "?" asks the user, and their answer moves the run
 * on to the next step. After the last step a closing text step repeats;
 * otherwise the run answers "Done: <name>".
 */
export type ComputerScenario = {
  name: string;
  match: string | RegExp | ((request: NormalizedRequest) => boolean);
  steps: ScenarioStep[];
};

/** The scenario that applies to a request, if any. */
export function findScenario(
  scenarios: readonly ComputerScenario[],
  request: NormalizedRequest,
): ComputerScenario | undefined {
  return scenarios.find(({ match }) =>
    typeof match === "function"
      ? match(request)
      : contains(request.system, match) || request.messages.some((m) => contains(textOf(m), match)),
  );
}

/** Plays the current step of a scenario. */
export function playScenario(scenario: ComputerScenario, request: NormalizedRequest): ScriptedTurn {
  const { match } = scenario;
  const anchor =
    typeof match === "function" || contains(request.system, match)
      ? 0
      : Math.max(
          0,
          request.messages.findIndex((m) => m.role === "user" && contains(textOf(m), match)),
        );
  const step = assistantTurnsAfter(request, anchor);
  const play = (index: number): ScriptedTurn | undefined => {
    const current = scenario.steps[index];
    return typeof current === "function" ? current(request, index) : current;
  };
  const turn = play(step);
  if (turn) return turn;
  // Past the end: a closing text step is repeated, anything else closes the run.
  const last = play(scenario.steps.length - 1);
  return last && !last.toolCalls?.length && !last.computer?.length
    ? last
    : { text: `Done: ${scenario.name}` };
}

/**
 * The built-in run for any computer-use request without a scenario: look,
 * click the field in the middle of the screen, type the task (or the text
 * quoted in it), press Enter, look again, report "Done: <task>".
 */
export const DEFAULT_COMPUTER_SCENARIO: ComputerScenario = {
  name: "default computer task",
  match: () => true,
  steps: [
    { computer: [{ action: "screenshot" }] },
    (request) => {
      const { width, height } = screenSize(request);
      return {
        computer: [
          { action: "left_click", coordinate: [Math.round(width / 2), Math.round(height / 2)] },
        ],
      };
    },
    (request) => ({ computer: [{ action: "type", text: textToType(firstUserText(request)) }] }),
    { computer: [{ action: "key", text: "Return" }] },
    { computer: [{ action: "screenshot" }] },
    (request) => ({ text: `Done: ${excerpt(firstUserText(request), 300)}` }),
  ],
};

/** The quoted part of a task ("type 'hello' into…" → hello), else the whole task. */
export function textToType(task: string): string {
  const quoted = /"([^"]+)"|“([^”]+)”|'([^']+)'/.exec(task);
  return (quoted?.[1] ?? quoted?.[2] ?? quoted?.[3] ?? task).trim() || "hello";
}

function contains(text: string, marker: string | RegExp): boolean {
  return typeof marker === "string" ? text.includes(marker) : marker.test(text);
}
