/**
 * The scripted model the knight rows use: each task plays `steps` desktop
 * actions (clicks, typing, key presses, in turn) and then reports done, so a
 * task lasts as long as a row needs. The task's text carries a marker and
 * the task's number; the model counts the calls it got per task, because
 * the knights' bounded context folds old turns away (counting visible turns,
 * as the sandbox's scenarios do, would never reach the end).
 */
import {
  createScriptedBrain,
  type NormalizedRequest,
  type ScriptedTurn,
} from "../../sandbox/models/index.ts";

export const BENCH_MARKER = "[bench:long-task]";

/** The task text for task number `n`. */
export const benchTask = (n: number) =>
  `${BENCH_MARKER} #${n} Type this week's report into the editor.`;

const TASK = /\[bench:long-task\] #(\d+)/;

/** Step `i` of the run (0-based): a click, some typing or a key press. */
function step(i: number): ScriptedTurn {
  switch (i % 3) {
    case 0:
      return { computer: [{ action: "left_click", coordinate: [200 + ((i * 37) % 800), 300] }] };
    case 1:
      return { computer: [{ action: "type", text: `line ${i} of the weekly report` }] };
    default:
      return { computer: [{ action: "key", text: "Return" }] };
  }
}

function taskNumber(request: NormalizedRequest): string | undefined {
  for (const message of request.messages)
    for (const part of message.parts) {
      const found = part.type === "text" ? TASK.exec(part.text) : null;
      if (found) return found[1];
    }
  return undefined;
}

/**
 * A model that plays `steps` actions per task, then reports the task done.
 * With `batch`, it returns in one turn the actions that need no look at the
 * screen between them (click a field, type into it, press Enter), as a
 * model with parallel tool use does; without, one action per turn.
 */
export function createBenchBrain(steps: number, { batch = false }: { batch?: boolean } = {}) {
  const played = new Map<string, number>();
  return createScriptedBrain({
    decide: (request) => {
      const task = taskNumber(request);
      if (task === undefined) return undefined;
      const n = played.get(task) ?? 0;
      if (n >= steps) return { text: "Done: report typed." };
      // A batch runs from a click to the Enter that ends its line (or the last action).
      const size = batch ? Math.min(steps - n, 3 - (n % 3)) : 1;
      played.set(task, n + size);
      return {
        computer: Array.from({ length: size }, (_, i) => step(n + i).computer ?? []).flat(),
      };
    },
  });
}
