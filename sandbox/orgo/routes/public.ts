import { Hono } from "hono";
import type { RouteDeps, SandboxEnv } from "../env.ts";

const pngHeaders = { "Content-Type": "image/png", "Cache-Control": "no-store" };

/**
 * `/_sandbox/…`: what the sandbox serves without an API key, as Orgo's storage
 * and live view would — screenshot URLs, exported-file URLs and a live page per
 * desktop (its `connection_url`). Reading these never counts as a screenshot.
 */
export function createPublicRoutes(deps: RouteDeps) {
  const { store } = deps;
  const notFound = () => new Response("Not found", { status: 404 });
  const byInstance = (instanceId: string) =>
    store.history().find((pc) => pc.instanceId === instanceId);

  return new Hono<SandboxEnv>()
    .get("/health", (c) => c.json({ ok: true }))
    .get("/screenshots/:file", (c) => {
      const png = store.storedScreenshot(c.req.param("file").replace(/\.png$/, ""));
      return png ? c.body(new Uint8Array(png), 200, pngHeaders) : notFound();
    })
    .get("/files/:id", (c) => {
      const id = deps.fileUrls.check(
        c.req.param("id"),
        c.req.query("expires"),
        c.req.query("signature"),
      );
      if (id === "expired") return new Response("Request has expired", { status: 403 });
      const file = id ? store.getFile(id) : undefined;
      if (!file) return notFound();
      return c.body(new Uint8Array(file.data), 200, {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.name.replaceAll('"', "")}"`,
      });
    })
    .get("/desktops/:instanceId/screen.png", (c) => {
      const computer = byInstance(c.req.param("instanceId"));
      if (!computer || computer.deletedAt !== null) return notFound();
      return c.body(new Uint8Array(store.renderScreen(computer)), 200, pngHeaders);
    })
    .get("/desktops/:instanceId", (c) => {
      const computer = byInstance(c.req.param("instanceId"));
      if (!computer || computer.deletedAt !== null) return notFound();
      return c.html(
        `<!doctype html><title>${escapeHtml(computer.name)} - Orgo sandbox</title>` +
          `<body style="margin:0;background:#111"><img id="s" style="max-width:100%" src="screen.png">` +
          `<script>setInterval(()=>{document.getElementById("s").src="screen.png?"+Date.now()},1000)</script>`,
      );
    });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
}
