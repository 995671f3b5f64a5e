/**
 * The demo's knights narrate their steps: each action of the default run
 * comes with a sentence saying what it is for, in the language the knight's
 * system prompt names, and the report is in that language too.
 */
import { describe, expect, test } from "vitest";
import type { NormalizedRequest, ScriptedTurn } from "../types.ts";
import { createKingMouseBrain } from "./king-mouse-brain.ts";

const COMPUTER = {
  kind: "computer" as const,
  name: "computer",
  display: { width: 1280, height: 800 },
} as NormalizedRequest["tools"][number];

function knightRequest(system: string, turns: ScriptedTurn[]): NormalizedRequest {
  const messages: NormalizedRequest["messages"] = [
    { role: "user", parts: [{ type: "text", text: "Update the opening hours to 9-5" }] },
  ];
  for (const [i, turn] of turns.entries()) {
    messages.push({
      role: "assistant",
      parts: [
        {
          type: "tool_call",
          id: `t${i}`,
          name: "computer",
          input: turn.computer?.[0] ?? {},
          computer: true,
        },
      ],
    });
    messages.push({
      role: "user",
      parts: [{ type: "tool_result", id: `t${i}`, text: "", images: [], isError: false }],
    });
  }
  return {
    api: "anthropic",
    model: "m",
    system,
    messages,
    tools: [COMPUTER],
    toolChoice: { type: "auto", parallel: true },
    maxTokens: 100,
  } as NormalizedRequest;
}

describe("the demo's knights narrate their steps", () => {
  const brain = createKingMouseBrain();
  test.each([
    ["English", "Looking at the screen first.", "Done: Update the opening hours to 9-5"],
    ["Spanish", "Primero miro la pantalla.", "Hecho: Update the opening hours to 9-5"],
    ["Russian", "Сначала смотрю на экран.", "Готово: Update the opening hours to 9-5"],
  ])("in %s", async (language, first, done) => {
    const system = `You are a knight. The customer reads ${language}: write your summary in ${language}.`;
    const turns: ScriptedTurn[] = [];
    for (let i = 0; i < 10; i++) {
      const turn = await brain(knightRequest(system, turns));
      turns.push(turn);
      if (!turn.computer?.length) break;
    }
    expect(turns[0]).toMatchObject({ text: first, computer: [{ action: "screenshot" }] });
    // Every action is narrated; the last turn is the report.
    expect(turns.slice(0, -1).every((t) => (t.text?.length ?? 0) > 5 && t.computer?.length)).toBe(
      true,
    );
    expect(turns.at(-1)).toEqual({ text: done });
  });
});
