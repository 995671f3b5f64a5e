import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { SandboxCore } from "./core.ts";
import type { Dispatcher } from "./dispatcher.ts";
import { BotApiError } from "./errors.ts";
import { readParams } from "./params.ts";

const NOT_FOUND = { ok: false, error_code: 404, description: "Not Found" } as const;
const UNAUTHORIZED = { ok: false, error_code: 401, description: "Unauthorized" } as const;

/**
 * The api.telegram.org surface: `/bot<token>/<method>` (GET or POST with
 * JSON, urlencoded or multipart) and `/file/bot<token>/<file_path>`.
 */
export function createBotApiRoutes({
  core,
  dispatcher,
}: {
  core: SandboxCore;
  dispatcher: Dispatcher;
}) {
  const app = new Hono();

  app.get("/file/:bot/:path{.+}", (c) => {
    const segment = c.req.param("bot");
    if (!segment.startsWith("bot")) return c.json(NOT_FOUND, 404);
    if (!core.botByToken(segment.slice(3))) return c.json(UNAUTHORIZED, 401);
    const file = core.files.byPath(c.req.param("path"));
    if (!file) return c.json(NOT_FOUND, 404);
    // A copy: a Node Buffer's `.slice()` is a view, whose `.buffer` may be a shared pool.
    return c.body(new Uint8Array(file.bytes), 200, {
      "content-type": file.mime_type ?? "application/octet-stream",
      "content-length": String(file.bytes.length),
    });
  });

  const handle = async (c: Context) => {
    const segment = c.req.param("bot") ?? "";
    const method = c.req.param("method") ?? "";
    if (!segment.startsWith("bot")) return c.json(NOT_FOUND, 404);
    let params: Awaited<ReturnType<typeof readParams>>;
    try {
      params = await readParams(c.req.raw);
    } catch (error) {
      if (!(error instanceof BotApiError)) throw error;
      return c.json(
        { ok: false, error_code: error.error_code, description: error.description },
        400,
      );
    }
    const { status, body } = await dispatcher.call(
      segment.slice(3),
      method,
      params,
      c.req.raw.signal,
    );
    if (!body.ok && body.parameters?.retry_after !== undefined) {
      c.header("Retry-After", String(body.parameters.retry_after));
    }
    return c.json(body, status as ContentfulStatusCode);
  };
  app.on(["GET", "POST"], "/:bot/:method", handle);
  // grammY's `environment: "test"` puts "/test" before the method.
  app.on(["GET", "POST"], "/:bot/test/:method", handle);
  app.notFound((c) => c.json(NOT_FOUND, 404));
  return app;
}
