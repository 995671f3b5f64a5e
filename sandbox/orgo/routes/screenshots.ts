import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { publicBase, type RouteDeps, type SandboxEnv } from "../env.ts";
import { requireDesktop } from "../lifecycle.ts";
import { isoTime } from "../serialize.ts";

/**
 * `GET /computers/{id}/screenshot`. `image` comes as a URL the sandbox serves
 * without auth (like a signed storage URL), a `data:` URL or bare base64, per
 * `settings.screenshotFormat`.
 */
export function createScreenshotRoutes(deps: RouteDeps) {
  const { store, guard, settings, now } = deps;
  return new Hono<SandboxEnv>().get("/:id/screenshot", guard("screenshot"), (c) => {
    const computer = store.getComputer(c.req.param("id"));
    requireDesktop(computer);
    const png = store.renderScreen(computer);
    const at = now();
    computer.screenshotTimes.push(at);
    const id = randomUUID();
    let image: string;
    if (settings.screenshotFormat === "url") {
      store.keepScreenshot(id, png);
      image = `${publicBase(c, deps)}/_sandbox/screenshots/${id}.png`;
    } else {
      const base64 = png.toString("base64");
      image = settings.screenshotFormat === "data-url" ? `data:image/png;base64,${base64}` : base64;
    }
    return c.json({
      success: true,
      image,
      metadata: { id, timestamp: isoTime(at), size: png.length },
    });
  });
}
