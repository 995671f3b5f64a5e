import { Hono } from "hono";
import { CONTROL_SCRIPT } from "../assets/control-client.ts";
import { LIVE_SCRIPT, PAGE_SCRIPT } from "../assets/live-client.ts";
import { MINI_APP_SCRIPT } from "../assets/mini-app-client.ts";
import { POW_SCRIPT } from "../assets/pow-client.ts";
import { REPLAY_SCRIPT } from "../assets/replay-client.ts";
import { SIMULATOR_SCRIPT } from "../assets/simulator-client.ts";
import { STYLES } from "../assets/styles.ts";

const FILES: Record<string, { body: string; type: string }> = {
  "app.css": { body: STYLES, type: "text/css; charset=utf-8" },
  "page.js": { body: PAGE_SCRIPT, type: "text/javascript; charset=utf-8" },
  "live.js": { body: LIVE_SCRIPT, type: "text/javascript; charset=utf-8" },
  "mini-app.js": { body: MINI_APP_SCRIPT, type: "text/javascript; charset=utf-8" },
  "control.js": { body: CONTROL_SCRIPT, type: "text/javascript; charset=utf-8" },
  "replay.js": { body: REPLAY_SCRIPT, type: "text/javascript; charset=utf-8" },
  "pow.js": { body: POW_SCRIPT, type: "text/javascript; charset=utf-8" },
  "simulator.js": { body: SIMULATOR_SCRIPT, type: "text/javascript; charset=utf-8" },
};

/** The stylesheet and the small client scripts, from /assets (what the CSP allows). */
export function createAssetRoutes() {
  return new Hono().get("/:file", (c) => {
    const file = FILES[c.req.param("file")];
    if (!file) return c.text("Not found", 404);
    return c.body(file.body, 200, {
      "content-type": file.type,
      "cache-control": "public, max-age=300",
      "x-content-type-options": "nosniff",
    });
  });
}
