import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { glyphRows } from "../../agents/knights/replay/font.ts";
import {
  clearDrawLog,
  createCanvas,
  createDrawLog,
  drawText,
  fillRect,
  setPixel,
} from "./canvas.ts";
import { applyAction, createDesktop, type DesktopAction } from "./desktop.ts";
import { createLayout } from "./layout.ts";
import { type EncodedBands, encodePng } from "./png-encoder.ts";
import { bandKeys, createScreenRenderer, type FrameMemory } from "./renderer.ts";
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

  it("re-encodes only what changed on each desktop, to the bytes of a fresh render", () => {
    const layout = createLayout(1280, 720);
    const renderer = createScreenRenderer();
    const desktops = [0, 1, 2].map((i) => ({
      view: {
        layout,
        desktop: createDesktop(layout, i * 1_000),
        name: `agent-${i}`,
        hostname: `h${i}`,
      },
      memory: {} as FrameMemory,
      fs: createVmFs(),
    }));
    const actions: DesktopAction[] = [
      { type: "type", text: "Weekly report" },
      { type: "key", key: "Return" },
      { type: "click", x: 400, y: 300, button: "left", double: false },
      { type: "click", x: 600, y: 500, button: "right", double: false }, // opens the menu
      { type: "key", key: "ctrl+a" },
      { type: "drag", startX: 300, startY: 95, endX: 340, endY: 160 }, // moves the editor
      { type: "type", text: "x".repeat(150) }, // wraps
      ...Array.from(
        { length: 30 },
        (_, i): DesktopAction => ({ type: "type", text: `line ${i}\n` }),
      ),
      { type: "scroll", direction: "up", amount: 3 },
      { type: "terminal", prompt: "$", input: "ls", output: "notes.txt" },
      { type: "wait", seconds: 1 },
    ];
    let encodedBands = 0;
    let reusedBands = 0;
    actions.forEach((action, n) => {
      // Interleaved, as the knights' desktops are: one renderer, each desktop its own memory.
      for (const [i, d] of desktops.entries()) {
        if ((n + i) % 3 === 0) continue; // not every desktop changes every time
        applyAction(d.view.desktop, action, { layout, now: 10_000 + n * 1_000, fs: d.fs });
        const before = d.memory.bands?.bands;
        const png = renderer.render(d.view, d.memory);
        expect(
          png.equals(createScreenRenderer().render(d.view)),
          `${action.type} #${n} on ${i}`,
        ).toBe(true);
        const after = d.memory.bands!.bands;
        const reused = after.filter((band, b) => before?.[b] === band).length;
        reusedBands += reused;
        encodedBands += after.length - reused;
      }
    });
    // Most of a desktop stays as it was from one action to the next.
    expect(reusedBands).toBeGreaterThan(encodedBands * 3);
  });

  it("keys bands by the drawing calls over them, so a reused band always has the same bytes", () => {
    // Small frames and few coordinates: calls that move by a row, end on a band's
    // edge or change colour only, all the time.
    let seed = 11;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n);
    };
    type Call = {
      kind: "fill" | "pixel" | "text";
      x: number;
      y: number;
      w: number;
      h: number;
      color: number;
    };
    const randomCall = (): Call => ({
      kind: (["fill", "fill", "pixel", "text"] as const)[random(4)]!,
      x: random(40) - 4,
      y: random(70) - 4,
      w: 1 + random(24),
      h: 1 + random(20),
      color: [0x000000, 0xffffff, 0x2563eb][random(3)]!,
    });
    const background = createCanvas(40, 64, 0x1f4e79);
    const canvas = { width: 40, height: 64, data: Buffer.alloc(40 * 64 * 3), log: createDrawLog() };
    let calls = Array.from({ length: 8 }, randomCall);
    let previous: EncodedBands | undefined;
    let reused = 0;
    for (let frame = 0; frame < 400; frame++) {
      calls = calls.map((call) => {
        const change = random(8);
        if (change === 0) return { ...call, y: call.y + (random(2) ? 1 : -1) };
        if (change === 1) return { ...call, color: call.color ^ 0xffffff };
        if (change === 2) return randomCall();
        return call;
      });
      background.data.copy(canvas.data);
      clearDrawLog(canvas.log);
      for (const { kind, x, y, w, h, color } of calls) {
        if (kind === "fill") fillRect(canvas, x, y, w, h, color);
        else if (kind === "pixel") setPixel(canvas, x, y, color);
        else drawText(canvas, "Ab", x, y, color, 1 + (w % 2));
      }
      const encoded = encodePng(40, 64, canvas.data, { keys: bandKeys(canvas.log, 64), previous });
      reused += encoded.bands.bands.filter((band, b) => previous?.bands[b] === band).length;
      previous = encoded.bands;
      expect(encoded.png.equals(encodePng(40, 64, canvas.data).png), `frame ${frame}`).toBe(true);
    }
    expect(reused).toBeGreaterThan(100); // of 1,600 bands: the keys do let some be reused
  });
});
