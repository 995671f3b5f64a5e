import { listen } from "../../lib/http-server.ts";
import { createOrgoSandbox, type OrgoSandbox, type OrgoSandboxOptions } from "./sandbox.ts";

/** A sandbox served on a loopback port. */
export type RunningOrgoSandbox = {
  sandbox: OrgoSandbox;
  /** The server's origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** What an Orgo client takes as its base URL (Orgo's is `https://www.orgo.ai/api`). */
  baseUrl: string;
  close: () => Promise<void>;
};

/** Creates a sandbox and serves it (port 0 picks a free one). */
export async function startOrgoSandbox(
  options: OrgoSandboxOptions & { port?: number; hostname?: string } = {},
): Promise<RunningOrgoSandbox> {
  const { port, hostname = "127.0.0.1", ...sandboxOptions } = options;
  const sandbox = createOrgoSandbox(sandboxOptions);
  const server = await listen(sandbox.app, { port, hostname });
  return {
    sandbox,
    url: server.url,
    baseUrl: `${server.url}${sandbox.basePath}`,
    close: server.close,
  };
}
