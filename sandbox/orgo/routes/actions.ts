import { type Context, Hono } from "hono";
import type { RouteDeps, SandboxEnv } from "../env.ts";
import { invalid } from "../errors.ts";
import { requireDesktop } from "../lifecycle.ts";
import { openPage, pageTitle } from "../login-page.ts";
import { runPython } from "../python.ts";
import { schemaOf } from "../schemas.ts";
import { runBash } from "../shell.ts";
import type { ComputerRecord } from "../types.ts";
import { readJson } from "../validation.ts";

/**
 * `/computers/{id}/<action>`. Order of checks: unknown computer 404, bad body
 * 400, desktop down 400 ("Desktop instance not available") or coming up 503.
 */
export function createActionRoutes(deps: RouteDeps) {
  const { store, guard, settings, sleep } = deps;

  const desktopFor = (c: Context<SandboxEnv>) => store.getComputer(c.req.param("id")!);
  // Real desktops take time to type and wait; scaled to 0 by default so tests stay fast.
  const take = (c: Context<SandboxEnv>, ms: number) =>
    ms * settings.actionTimeScale > 0
      ? sleep(ms * settings.actionTimeScale, c.req.raw.signal)
      : undefined;

  return new Hono<SandboxEnv>()
    .post("/:id/click", guard("action", "click"), async (c) => {
      const computer = desktopFor(c);
      const body = await readJson(c, schemaOf.click);
      requireDesktop(computer);
      onScreen(computer, body.x, body.y);
      store.perform(computer, "click", body, { type: "click", ...body });
      return c.json({
        success: true,
        action: body.double ? "double_click" : "click",
        details: body,
      });
    })
    .post("/:id/drag", guard("action", "drag"), async (c) => {
      const computer = desktopFor(c);
      const body = await readJson(c, schemaOf.drag);
      requireDesktop(computer);
      onScreen(computer, body.start_x, body.start_y);
      onScreen(computer, body.end_x, body.end_y);
      await take(c, body.duration * 1000);
      store.perform(computer, "drag", body, {
        type: "drag",
        startX: body.start_x,
        startY: body.start_y,
        endX: body.end_x,
        endY: body.end_y,
      });
      return c.json({ success: true, action: "drag", details: body });
    })
    .post("/:id/type", guard("action", "type"), async (c) => {
      const computer = desktopFor(c);
      const body = await readJson(c, schemaOf.type);
      requireDesktop(computer);
      await take(c, body.text.length * body.delay_ms);
      store.perform(computer, "type", body, { type: "type", text: body.text });
      return c.json({ success: true, action: "type", details: { text_length: body.text.length } });
    })
    .post("/:id/key", guard("action", "key"), async (c) => {
      const computer = desktopFor(c);
      const body = await readJson(c, schemaOf.key);
      requireDesktop(computer);
      store.perform(computer, "key", body, { type: "key", key: body.key });
      return c.json({ success: true, action: "key_press", details: body });
    })
    .post("/:id/scroll", guard("action", "scroll"), async (c) => {
      const computer = desktopFor(c);
      const body = await readJson(c, schemaOf.scroll);
      requireDesktop(computer);
      if (body.x !== undefined && body.y !== undefined) onScreen(computer, body.x, body.y);
      store.perform(computer, "scroll", body, { type: "scroll", ...body });
      return c.json({ success: true, action: "scroll", details: body });
    })
    .post("/:id/wait", guard("action", "wait"), async (c) => {
      const computer = desktopFor(c);
      const body = await readJson(c, schemaOf.wait);
      requireDesktop(computer);
      await take(c, body.seconds * 1000);
      store.perform(computer, "wait", body, { type: "wait", seconds: body.seconds });
      return c.json({ success: true, action: "wait", details: body });
    })
    .post("/:id/bash", guard("action", "bash"), async (c) => {
      const computer = desktopFor(c);
      const body = await readJson(c, schemaOf.bash);
      requireDesktop(computer);
      const { desktop } = computer;
      const result = runBash(body.command, {
        fs: computer.fs,
        hostname: computer.instanceId,
        now: deps.now(),
        window: {
          title: () =>
            desktop.address !== null
              ? "Go to - Browser"
              : desktop.page
                ? pageTitle(desktop.page)
                : "notes.txt - Editor",
          open: (address) => {
            const page = openPage(settings.sites, address);
            if (page) desktop.page = page;
            return !!page;
          },
        },
      });
      store.perform(computer, "bash", body, {
        type: "terminal",
        prompt: "$",
        input: body.command,
        output: result.output,
      });
      // Orgo reports success for a command that ran, whatever its exit code.
      return c.json({
        success: true,
        action: "bash",
        output: result.output,
        exit_code: result.exitCode,
      });
    })
    .post("/:id/exec", guard("action", "exec"), async (c) => {
      const computer = desktopFor(c);
      const body = await readJson(c, schemaOf.exec);
      requireDesktop(computer);
      const result = runPython(body.code, body.timeout);
      store.perform(computer, "exec", body, {
        type: "terminal",
        prompt: ">>>",
        input: body.code,
        output: result.output,
      });
      return c.json({
        success: result.success,
        output: result.output,
        action: "exec",
        timeout: result.timedOut,
      });
    });
}

function onScreen(computer: ComputerRecord, x: number, y: number) {
  const { width, height } = computer.layout;
  if (x >= width || y >= height) {
    throw invalid(`Point (${x}, ${y}) is outside the ${width}x${height} screen`);
  }
}
