import { describe, expect, it } from "vitest";
import { applyAction, createDesktop, type DesktopAction } from "./desktop.ts";
import { NOTES_PATH } from "./keys.ts";
import { createLayout } from "./layout.ts";
import { createVmFs } from "./vm-fs.ts";

function setup() {
  const layout = createLayout(1280, 720);
  const desktop = createDesktop(layout, 0);
  const fs = createVmFs();
  const act = (action: DesktopAction) => applyAction(desktop, action, { layout, now: 1_000, fs });
  return { layout, desktop, fs, act };
}

describe("desktop", () => {
  it("counts every action as a step and stamps the time", () => {
    const { desktop, act } = setup();
    act({ type: "wait", seconds: 1 });
    act({ type: "key", key: "F1" });
    expect(desktop).toMatchObject({
      steps: 2,
      changedAt: 1_000,
      lastAction: "key F1",
      lines: [""],
    });
  });

  it("types named keysyms and shifted letters, ignores chords it does not know", () => {
    const { desktop, act } = setup();
    for (const key of ["h", "shift+i", "space", "exclam", "alt+F4", "ctrl+shift+t", "Tab"])
      act({ type: "key", key });
    expect(desktop.lines).toEqual(["hI !    "]);
  });

  it("saves the document with ctrl+s where export can find it", () => {
    const { fs, act } = setup();
    act({ type: "type", text: "line 1\nline 2" });
    act({ type: "key", key: "ctrl+s" });
    expect(fs.read(NOTES_PATH)?.toString()).toBe("line 1\nline 2");
  });

  it("keeps the caret on screen while typing many lines", () => {
    const { desktop, layout, act } = setup();
    act({ type: "type", text: "x\n".repeat(layout.editorRows + 5) });
    expect(desktop.scroll).toBe(6);
    act({ type: "key", key: "ctrl+Home" });
    expect(desktop.scroll).toBe(0);
  });

  it("moves the editor window when its title bar is dragged, and only then", () => {
    const { desktop, layout, act } = setup();
    const title = { x: layout.editor.x + 100, y: layout.editor.y + 10 };
    act({ type: "drag", startX: title.x, startY: title.y, endX: title.x + 50, endY: title.y + 40 });
    expect(desktop.windowOffset).toEqual({ x: 50, y: 40 });
    act({ type: "drag", startX: 5, startY: 700, endX: 300, endY: 300 });
    expect(desktop.windowOffset).toEqual({ x: 50, y: 40 });
    expect(desktop.cursor).toEqual({ x: 300, y: 300 });
  });

  it("opens a context menu on right click that the next action closes", () => {
    const { desktop, act } = setup();
    act({ type: "click", x: 400, y: 300, button: "right", double: false });
    expect(desktop.menu).toEqual({ x: 400, y: 300 });
    act({ type: "key", key: "Escape" });
    expect(desktop.menu).toBeNull();
  });
});
