import { listen } from "../../lib/http-server.ts";
import {
  createTelegramSandbox,
  type TelegramSandbox,
  type TelegramSandboxOptions,
} from "./create-sandbox.ts";

/** A sandbox served on a loopback port. */
export type RunningTelegramSandbox = {
  sandbox: TelegramSandbox;
  /** The server's origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** What grammY takes as `client.apiRoot` (Telegram's is https://api.telegram.org). */
  apiRoot: string;
  close: () => Promise<void>;
};

/** Creates a sandbox and serves it (port 0 picks a free one). Closing stops deliveries, polls and the server. */
export async function startTelegramSandbox(
  options: TelegramSandboxOptions & { port?: number; hostname?: string } = {},
): Promise<RunningTelegramSandbox> {
  const { port, hostname = "127.0.0.1", ...sandboxOptions } = options;
  const sandbox = createTelegramSandbox(sandboxOptions);
  const server = await listen(sandbox.app, { port, hostname });
  return {
    sandbox,
    url: server.url,
    apiRoot: server.url,
    close: async () => {
      await sandbox.close();
      await server.close();
    },
  };
}
