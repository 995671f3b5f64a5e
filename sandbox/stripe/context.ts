import type { Context } from "hono";
import type { EventLog, EventRequest } from "./events.ts";
import type { Params } from "./form.ts";
import type { IdGenerator } from "./ids.ts";
import type { Store } from "./store.ts";

/** What every route and billing operation is built from. */
export type SandboxDeps = {
  store: Store;
  ids: IdGenerator;
  /** Milliseconds since the epoch; injectable so tests control periods and windows. */
  clock: () => number;
  events: EventLog;
  /** Base of the checkout and portal page URLs; defaults to the request's origin. */
  publicUrl?: string;
};

/** Hono bindings shared by the sandbox's sub-apps. */
export type Env = {
  Variables: {
    /** The decoded form body (POST) or query (GET, DELETE). */
    params: Params;
    requestId: string;
    idempotencyKey: string | null;
    apiKey: string;
  };
};

/** Unix seconds from the sandbox clock, the unit of every Stripe timestamp. */
export function unixSeconds(clock: () => number): number {
  return Math.floor(clock() / 1000);
}

/** The `event.request` block for events caused by this API call. */
export function eventRequest(c: Context<Env>): EventRequest {
  return { id: c.var.requestId, idempotency_key: c.var.idempotencyKey };
}

/** Where the sandbox's own pages (checkout, portal) are reachable. */
export function pageBaseUrl(c: Context<Env>, deps: SandboxDeps): string {
  return (deps.publicUrl ?? new URL(c.req.url).origin).replace(/\/$/, "");
}
