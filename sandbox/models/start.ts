import { listen } from "../../lib/http-server.ts";
import type { ModelSandboxOptions } from "./core.ts";
import { createModelSandbox, type ModelSandbox } from "./sandbox.ts";

/** The combined model sandbox served on a loopback port, with each SDK's base URL. */
export type RunningModelSandbox = {
  sandbox: ModelSandbox;
  url: string;
  /** `new Anthropic({ apiKey, baseURL: anthropicBaseURL })` (also `ANTHROPIC_BASE_URL`). */
  anthropicBaseURL: string;
  /** `new OpenAI({ apiKey, baseURL: openaiBaseURL })` (also `OPENAI_BASE_URL`): ends in `/v1`. */
  openaiBaseURL: string;
  close: () => Promise<void>;
};

/** Creates the combined sandbox and serves it (port 0 picks a free one). */
export async function startModelSandbox(
  options: ModelSandboxOptions & { port?: number; hostname?: string } = {},
): Promise<RunningModelSandbox> {
  const { port, hostname = "127.0.0.1", ...sandboxOptions } = options;
  const sandbox = createModelSandbox(sandboxOptions);
  const server = await listen(sandbox.app, { port, hostname });
  return {
    sandbox,
    url: server.url,
    anthropicBaseURL: server.url,
    openaiBaseURL: `${server.url}/v1`,
    close: server.close,
  };
}
