import type { Context, MiddlewareHandler } from "hono";
import type { FileUrlSigner } from "./file-urls.ts";
import type { SandboxStore } from "./store.ts";
import type { RouteTag, SandboxSettings } from "./types.ts";

/** Hono bindings for the sandbox's routes. */
export type SandboxEnv = {
  Variables: {
    requestId: string;
    apiKey: string;
    tags: readonly RouteTag[];
  };
};

/** Makes the middleware that applies latency and injected faults to a route. */
export type Guard = (...tags: RouteTag[]) => MiddlewareHandler<SandboxEnv>;

/** What the route factories need. */
export type RouteDeps = {
  store: SandboxStore;
  settings: SandboxSettings;
  now: () => number;
  guard: Guard;
  /** Where the sandbox's routes are mounted, e.g. `/api`. */
  basePath: string;
  /** Origin for URLs the sandbox hands out; from the request when unset. */
  publicUrl: string | undefined;
  /** Signs and checks the expiring download URLs of `/files`. */
  fileUrls: FileUrlSigner;
  /** Waits `ms`, ending early when `signal` aborts (the client went away). */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
};

/** The API base URL clients see, e.g. `http://127.0.0.1:4010/api`, for links the sandbox hands out. */
export function publicBase(c: Context, deps: Pick<RouteDeps, "publicUrl" | "basePath">): string {
  const origin = deps.publicUrl ?? new URL(c.req.url).origin;
  return `${origin.replace(/\/+$/, "")}${deps.basePath}`;
}
