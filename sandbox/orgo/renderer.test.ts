import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { createCanvas, drawText } from "./canvas.ts";
import { applyAction, createDesktop } from "./desktop.ts";
import { glyphRows } from "./font.ts";
import { createLayout } from "./layout.ts";
import { createScreenRenderer } from "./renderer.ts";
import { createVmFs } from "./vm-fs.ts";

describe("font", () => {
  it("has a distinct glyph for every printable ASCII character", () => {
    const glyphs = new Set<string>();
    for (let code = 32; code <= 126; code++)
      glyphs.add(glyphRows(String.fromCharCode(code)).join(","));
    expect(glyphs.size).toBe(95);
    expect(glyphRows("é")).toEqual(glyphRows("?"));
  });

  it("draws text as pixels of the requested colour", () => {
    const canvas = createCanvas(40, 20, 0xffffff);
    drawText(canvas, "Hi", 1, 1, 0x000000, 2);
    let dark = 0;
    for (let i = 0; i < canvas.data.length; i += 3) if (canvas.data[i] === 0) dark++;
    // "H" has 17 lit font pixels and "i" 9, each drawn as a 2×2 square.
    expect(dark).toBe((17 + 9) * 4);
  });
});

describe("screen renderer", () => {
  it("renders the same state to the same bytes, and pngjs reads them back", () => {
    const layout = createLayout(1280, 720);
    const desktop = createDesktop(layout, Date.parse("2026-04-07T10:00:00Z"));
    applyAction(
      desktop,
      { type: "type", text: "Deterministic" },
      { layout, now: 5, fs: createVmFs() },
    );
    const view = { layout, desktop, name: "agent-1", hostname: "a3881618" };
    const first = createScreenRenderer().render(view);
    const second = createScreenRenderer().render(view);
    expect(second.equals(first)).toBe(true);
    const decoded = PNG.sync.read(first);
    expect([decoded.width, decoded.height]).toEqual([1280, 720]);
  });

  it("lays out small screens without a terminal window", () => {
    const layout = createLayout(640, 480);
    expect(layout.terminal).toBeNull();
    const png = createScreenRenderer().render({
      layout,
      desktop: createDesktop(layout, 0),
      name: "x",
      hostname: "y",
    });
    expect(PNG.sync.read(png).width).toBe(640);
  });
});
