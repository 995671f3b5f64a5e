import { listen } from "../../lib/http-server.ts";
import { createStripeSandbox, type StripeSandbox, type StripeSandboxOptions } from "./sandbox.ts";

/** A sandbox served on a loopback port, with what stripe-node needs to reach it. */
export type RunningStripeSandbox = {
  sandbox: StripeSandbox;
  url: string;
  /** Spread into `new Stripe(key, { ...clientConfig })`. */
  clientConfig: { host: string; port: number; protocol: "http" };
  close: () => Promise<void>;
};

/**
 * Creates a sandbox and serves it (port 0 picks a free one). Closing stops
 * webhook delivery and the server.
 */
export async function startStripeSandbox(
  options: StripeSandboxOptions & { port?: number; hostname?: string } = {},
): Promise<RunningStripeSandbox> {
  const { port, hostname = "127.0.0.1", ...sandboxOptions } = options;
  const sandbox = createStripeSandbox(sandboxOptions);
  const server = await listen(sandbox.app, { port, hostname });
  return {
    sandbox,
    url: server.url,
    clientConfig: { host: hostname, port: server.port, protocol: "http" },
    close: async () => {
      sandbox.close();
      await server.close();
    },
  };
}
