import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";

/** A running HTTP server: its base URL and an idempotent close. */
export type RunningServer = {
  url: string;
  port: number;
  close: () => Promise<void>;
};

/**
 * Serves a Hono app with Node's HTTP server on `hostname:port` (port 0 picks a
 * free one) and resolves once it listens.
 */
export function listen(
  // biome-ignore lint/suspicious/noExplicitAny: any Hono app, whatever its Env
  app: Hono<any, any, any>,
  { port = 0, hostname = "127.0.0.1" }: { port?: number; hostname?: string } = {},
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname }, (info: AddressInfo) => {
      let closing: Promise<void> | undefined;
      resolve({
        url: `http://${hostname}:${info.port}`,
        port: info.port,
        close: () => {
          closing ??= new Promise<void>((done) => {
            server.close(() => done());
            if ("closeAllConnections" in server) server.closeAllConnections();
          });
          return closing;
        },
      });
    });
    server.once("error", reject);
  });
}
