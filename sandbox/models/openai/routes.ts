import { Hono } from "hono";
import type { SandboxCore } from "../core.ts";
import { createChatRoutes } from "./chat-routes.ts";
import { createResponsesRoutes } from "./responses-routes.ts";

/** The OpenAI endpoints the sandbox serves: chat completions and responses. */
export function createOpenAIRoutes(core: SandboxCore): Hono {
  const app = new Hono();
  app.route("/", createChatRoutes(core));
  app.route("/", createResponsesRoutes(core));
  return app;
}
