import { describe, expect, it } from "vitest";
import type { ImagePart, ModelMessage } from "../models/index.ts";
import { buildContext } from "./context.ts";
import { renderMessages } from "./model/anthropic.ts";
import { renderInput } from "./model/openai.ts";
import type { StepRow } from "./steps.ts";

const display = { width: 1280, height: 720 };
const image = async (frameId: string): Promise<ImagePart> => ({
  type: "image",
  mediaType: "image/png",
  data: `png-of-${frameId}`,
});

function actionSteps(n: number, extra: Partial<StepRow> = {}): StepRow[] {
  return Array.from({ length: n }, (_, i) => ({
    seq: i + 1,
    status: "done",
    action: "left_click",
    params: {
      kind: "action",
      actions: [{ action: "left_click", coordinate: [10 * i, 20] }],
      display,
    },
    outcome: { results: [{ ok: true }] },
    frame_id: `f${i + 1}`,
    cost_micros: "0",
    ...extra,
  }));
}

const context = (steps: StepRow[]) =>
  buildContext({ system: "sys", task: "do it", steps, firstFrameId: "f0", display, image });

const imagesIn = (messages: ModelMessage[]) => JSON.stringify(messages).match(/png-of-f\d+/g) ?? [];

describe("the model's context", () => {
  it("drops screenshots only when the steps fold: the 3 newest as of the fold and every later one", async () => {
    expect(imagesIn((await context(actionSteps(1))).messages)).toEqual(["png-of-f0", "png-of-f1"]);
    // Up to 6 steps none leaves; past 6, the first 6 count as folded once (3 of theirs stay).
    expect(imagesIn((await context(actionSteps(6))).messages)).toHaveLength(7);
    expect(imagesIn((await context(actionSteps(9))).messages)).toEqual(
      [4, 5, 6, 7, 8, 9].map((n) => `png-of-f${n}`),
    );
    // 20 steps: folded at 18 (steps 13–18 shown), so 16–18 stay, and 19–20 since.
    expect(imagesIn((await context(actionSteps(20))).messages)).toEqual(
      [16, 17, 18, 19, 20].map((n) => `png-of-f${n}`),
    );
    // Never more than 3 + the 6 steps between two folds.
    for (let n = 1; n < 80; n++)
      expect(imagesIn((await context(actionSteps(n))).messages).length).toBeLessThanOrEqual(9);
  });

  it("keeps exactly the 3 newest screenshots with slidingImages (the reference loop's policy)", async () => {
    const built = await buildContext(
      { system: "sys", task: "do it", steps: actionSteps(9), firstFrameId: "f0", display, image },
      { slidingImages: true },
    );
    expect(imagesIn(built.messages)).toEqual(["png-of-f7", "png-of-f8", "png-of-f9"]);
  });

  it("folds old steps into a numbered list so the prompt stops growing", async () => {
    const sizes: number[] = [];
    for (const n of [5, 20, 50, 200]) {
      const built = await context(actionSteps(n));
      expect(built.messages.length).toBeLessThanOrEqual(1 + 2 * 12);
      sizes.push(built.promptTokens);
    }
    expect(Math.max(...sizes.slice(1)) / sizes[0]!).toBeLessThan(1.2);
    const late = await context(actionSteps(50));
    const intro = JSON.stringify(late.messages[0]);
    expect(intro).toContain("Steps 1–42 so far");
    expect(intro).toContain("(18 earlier steps not listed)");
    expect(intro).toContain("42. left_click (410, 20): done");
  });

  it("keeps each prompt the previous one plus a step, except where the steps fold", async () => {
    // Past 6 steps the first 6 count as folded once: screenshots leave there too.
    const foldedAt = (k: number) => (k <= 6 ? -1 : k <= 12 ? 0 : Math.floor((k - 6) / 6) * 6);
    let checked = 0;
    for (let n = 3; n < 60; n++) {
      const before = await context(actionSteps(n));
      const after = await context(actionSteps(n + 1));
      // -1 before the first fold: the first screen is in the first turn (the tail breakpoint caches it).
      expect(before.cacheBoundary).toBeGreaterThanOrEqual(n > 12 ? 0 : -1);
      const prefix = (c: typeof before) =>
        JSON.stringify(c.messages.slice(0, before.cacheBoundary + 1));
      // Only a fold (every 6 steps past 12) may rewrite the prefix.
      if (foldedAt(n + 1) !== foldedAt(n)) continue;
      expect(prefix(after)).toBe(prefix(before));
      expect(after.cacheBoundary).toBeGreaterThanOrEqual(before.cacheBoundary);
      // The whole previous prompt is read from the cache (its tail breakpoint).
      expect(JSON.stringify(after.messages.slice(0, before.messages.length))).toBe(
        JSON.stringify(before.messages),
      );
      checked++;
    }
    expect(checked).toBeGreaterThan(45);
  });

  it("pairs every tool call with its result and alternates roles", async () => {
    const steps = actionSteps(4);
    steps[3] = { ...steps[3]!, status: "failed", outcome: { uncertain: true }, frame_id: "fx" };
    const built = await context(steps);
    built.messages.forEach((m, i) => {
      if (i > 0) expect(m.role).not.toBe(built.messages[i - 1]!.role);
      if (m.role === "assistant") {
        const ids = m.content.flatMap((p) => (p.type === "tool_use" ? [p.id] : []));
        const next = built.messages[i + 1]!;
        expect(
          next.content.flatMap((p) => (p.type === "tool_result" ? [p.toolUseId] : [])),
        ).toEqual(ids);
      }
    });
    const last = JSON.stringify(built.messages.at(-1));
    expect(last).toContain("may or may not have happened");
    expect(last).toContain('"isError":true');
    expect(last).toContain("png-of-fx");
  });

  it("puts Anthropic's cache breakpoints on the stable prefix and the end of the prompt", async () => {
    const built = await context(actionSteps(10));
    const rendered = renderMessages(built, true);
    const marked = rendered.flatMap((m, i) =>
      (m.content as Record<string, unknown>[]).some((b) => b.cache_control) ? [i] : [],
    );
    expect(marked).toEqual([
      ...(built.cacheBoundary >= 0 ? [built.cacheBoundary] : []),
      rendered.length - 1,
    ]);
    const folded = await context(actionSteps(20));
    expect(folded.cacheBoundary).toBeGreaterThanOrEqual(0);
    const call = (rendered[1]!.content as Record<string, unknown>[])[0]!;
    expect(call).toMatchObject({
      name: "left_click",
      toolset_name: "computer",
      input: { coordinate: [0, 20] },
    });
    expect(
      (renderMessages(built, false)[1]!.content as Record<string, unknown>[])[0],
    ).toMatchObject({
      name: "computer",
      input: { action: "left_click" },
    });
  });

  it("replays only calls with a screenshot as OpenAI computer calls", async () => {
    const items = renderInput(await context(actionSteps(10)));
    const built = await buildContext(
      { system: "sys", task: "do it", steps: actionSteps(10), firstFrameId: "f0", display, image },
      { slidingImages: true },
    );
    const sliding = renderInput(built);
    expect(sliding.filter((i) => i.type === "computer_call")).toHaveLength(3);
    expect(sliding.filter((i) => i.type === "computer_call_output")).toHaveLength(3);
    expect(items.filter((i) => i.type === "computer_call")).toHaveLength(7);
  });
});
