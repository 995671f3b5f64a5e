import { setTimeout as delay } from "node:timers/promises";
import { Hono } from "hono";
import type { Guard, RouteDeps, SandboxEnv } from "./env.ts";
import { errorBody, OrgoApiError } from "./errors.ts";
import { createFaultRegistry, type FaultHandle, type FaultSpec } from "./faults.ts";
import { createInspector, type SandboxInspector } from "./inspector.ts";
import {
  apiKeyAuth,
  createGuard,
  type RequestLogEntry,
  rateLimit,
  requestContext,
} from "./middleware.ts";
import { createRateLimiter } from "./rate-limit.ts";
import { createScreenRenderer } from "./renderer.ts";
import { createActionRoutes } from "./routes/actions.ts";
import { createComputerRoutes } from "./routes/computers.ts";
import { createFileRoutes } from "./routes/files.ts";
import { createPublicRoutes } from "./routes/public.ts";
import { createScreenshotRoutes } from "./routes/screenshots.ts";
import { createWorkspaceRoutes } from "./routes/workspaces.ts";
import { createStore } from "./store.ts";
import type { ComputerStatus, SandboxSettings, Workspace } from "./types.ts";

/** Options for {@link createOrgoSandbox}; every setting has a test-friendly default. */
export type OrgoSandboxOptions = Partial<SandboxSettings> & {
  /** Accepted Bearer keys, or "any" for any key starting with `sk_`. Default `["sk_sandbox"]`. */
  apiKeys?: readonly string[] | "any";
  /** Where the API is mounted; default `/api`, so the client's base URL is `<origin>/api`. */
  basePath?: string;
  /** Origin for URLs the sandbox hands out (screenshots, files, live view); default: the request's. */
  publicUrl?: string;
  /** Workspaces that exist from the start, e.g. one matching `ORGO_WORKSPACE_ID`. */
  workspaces?: readonly { id?: string; name: string }[];
  /** Clock in epoch ms for timestamps, transitions, auto-stop and rate limits. */
  now?: () => number;
  /**
   * A screenshot URL 404s, like an expired signed URL, once it is older than
   * `screenshotUrlTtlMs` (default 60 s; Orgo's storage keeps them far longer)
   * or `maxStoredScreenshots` newer ones are kept (default 10,000: memory).
   */
  screenshotUrlTtlMs?: number;
  maxStoredScreenshots?: number;
  /** Told about unexpected errors (clients only ever see a generic 500). Default `console.error`. */
  onError?: (error: unknown) => void;
};

/** A running fake of Orgo: the Hono app plus handles to inspect and misbehave. */
export type OrgoSandbox = {
  app: Hono<SandboxEnv>;
  /** Where the API is mounted (`/api` by default): the client's base URL is origin + this. */
  basePath: string;
  inspect: SandboxInspector;
  /** Makes matching calls fail, stall or fail after acting; see {@link FaultSpec}. */
  inject(fault: FaultSpec): FaultHandle;
  clearFaults(): void;
  /** Changes settings (latency, formats, delays, rate limit) for subsequent calls. */
  configure(changes: Partial<SandboxSettings>): void;
  readonly settings: Readonly<SandboxSettings>;
  /** Forces a computer into a status, e.g. `suspended` or `error`, as Orgo might on its own. */
  setStatus(computerId: string, status: ComputerStatus): void;
  createWorkspace(name: string, id?: string): Workspace;
};

/** Builds an in-memory Orgo REST API for tests and local runs. */
export function createOrgoSandbox(options: OrgoSandboxOptions = {}): OrgoSandbox {
  const now = options.now ?? Date.now;
  const basePath = normalizeBasePath(options.basePath ?? "/api");
  const settings: SandboxSettings = {
    screenshotFormat: options.screenshotFormat ?? "url",
    bootDelayMs: options.bootDelayMs ?? 0,
    transitionDelayMs: options.transitionDelayMs ?? 0,
    latencyMs: options.latencyMs ?? 0,
    rateLimit: options.rateLimit ?? null,
    actionTimeScale: options.actionTimeScale ?? 0,
    sites: options.sites ?? [],
  };
  const onError =
    options.onError ?? ((error: unknown) => console.error("orgo sandbox: unexpected error", error));
  const renderer = createScreenRenderer();
  const store = createStore({
    now,
    settings,
    renderer,
    maxStoredScreenshots: options.maxStoredScreenshots ?? 10_000,
    screenshotUrlTtlMs: options.screenshotUrlTtlMs ?? 60_000,
  });
  const faults = createFaultRegistry();
  const requests: RequestLogEntry[] = [];
  const sleep = (ms: number, signal?: AbortSignal) =>
    delay(ms, undefined, signal ? { signal } : undefined);
  const guard: Guard = createGuard({ faults, settings, sleep });
  const deps: RouteDeps = {
    store,
    settings,
    now,
    guard,
    basePath,
    publicUrl: options.publicUrl,
    sleep,
  };

  for (const workspace of options.workspaces ?? [])
    store.createWorkspace(workspace.name, workspace.id);

  const authenticated = new Hono<SandboxEnv>()
    .use(apiKeyAuth(options.apiKeys ?? ["sk_sandbox"]), rateLimit(createRateLimiter(now), settings))
    .route("/workspaces", createWorkspaceRoutes(deps, "workspaces"))
    .route("/projects", createWorkspaceRoutes(deps, "projects"))
    .route("/computers", createComputerRoutes(deps))
    .route("/computers", createActionRoutes(deps))
    .route("/computers", createScreenshotRoutes(deps))
    .route("/files", createFileRoutes(deps));
  const api = new Hono<SandboxEnv>()
    .route("/_sandbox", createPublicRoutes(deps))
    .route("/", authenticated);

  const app = new Hono<SandboxEnv>();
  app.use(requestContext(requests, now));
  app.route(basePath || "/", api);
  app.notFound((c) => c.json(errorBody(new OrgoApiError(404, "Not found"), c.var.requestId), 404));
  app.onError((error, c) => {
    // The client hung up during a delay; nobody will read an answer.
    if (c.req.raw.signal.aborted) return new Response(null, { status: 499 });
    if (!(error instanceof OrgoApiError)) onError(error);
    const known =
      error instanceof OrgoApiError
        ? error
        : new OrgoApiError(500, "Internal error", { cause: error });
    return c.json(errorBody(known, c.var.requestId), known.status, known.headers);
  });

  return {
    app,
    basePath,
    inspect: createInspector(store, requests),
    inject: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    configure: (changes) => Object.assign(settings, changes),
    settings,
    setStatus(computerId, status) {
      const computer = store.getComputer(computerId);
      computer.status = status;
      computer.pending = null;
    },
    createWorkspace: (name, id) => store.createWorkspace(name, id),
  };
}

function normalizeBasePath(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed === "" ? "" : trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}
