import Stripe from "stripe";
import { createStripeApp, type ErrorLogger } from "./app.ts";
import { completeCheckoutSession, expireCheckoutSession } from "./billing/checkout.ts";
import { aggregateUsage } from "./billing/metering.ts";
import { renewSubscription } from "./billing/subscription-changes.ts";
import type { SandboxDeps } from "./context.ts";
import { createEventLog } from "./events.ts";
import { createFailureInjector } from "./failures.ts";
import { createIdGenerator } from "./ids.ts";
import { addWebhookEndpoint } from "./routes/webhook-endpoints.ts";
import { createStore } from "./store.ts";
import type { StripeEvent } from "./types.ts";
import { createWebhookDispatcher, type RetryPolicy } from "./webhooks/dispatcher.ts";

export type WebhookEndpointOption = {
  url: string;
  /** `whsec_…`; generated when omitted (read it back from `webhookEndpoints()`). */
  secret?: string;
  /** Event types to send; default every type (`*`). */
  enabledEvents?: string[];
};

export type StripeSandboxOptions = {
  /** Accepted secret keys; default any `sk_test_…` / `rk_test_…` key. */
  apiKeys?: string[];
  webhookEndpoints?: WebhookEndpointOption[];
  /** Milliseconds clock for `created`, billing periods, meter windows and dedupe, idempotency expiry. */
  clock?: () => number;
  /** Base URL for checkout/portal page links; default the request's origin. */
  publicUrl?: string;
  /** `api_version` stamped on events; default the installed stripe-node's version. */
  apiVersion?: string;
  /** Used to POST webhooks; default global fetch. */
  fetch?: typeof fetch;
  webhookRetry?: Partial<RetryPolicy>;
  /**
   * Clock for the `t=` of webhook signatures; default wall time, because
   * receivers compare it with their own clock (5 minutes tolerance), even
   * when `clock` is fake.
   */
  webhookClock?: () => number;
  /** Sleep between webhook retries (tests pass a fast one). */
  webhookSleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Deliver events to endpoints as they happen (default true). */
  autoDeliverWebhooks?: boolean;
  /** Random bytes for ids; inject for reproducible ids. */
  random?: (size: number) => Uint8Array;
  logger?: ErrorLogger;
};

/**
 * A local stand-in for api.stripe.com that the real stripe-node client talks
 * to (`new Stripe(key, { host, port, protocol: "http" })`), with sandbox-only
 * controls: complete a checkout as paid, renew a subscription, inject
 * failures, and deliver webhooks repeatedly, out of order or mis-signed.
 */
export function createStripeSandbox(options: StripeSandboxOptions = {}) {
  const clock = options.clock ?? Date.now;
  const store = createStore();
  const ids = createIdGenerator(options.random);
  const events = createEventLog({
    store,
    ids,
    clock,
    apiVersion: options.apiVersion ?? Stripe.API_VERSION,
  });
  const deps: SandboxDeps = { store, ids, clock, events, publicUrl: options.publicUrl };
  for (const endpoint of options.webhookEndpoints ?? []) addWebhookEndpoint(deps, endpoint);

  const failures = createFailureInjector();
  const webhooks = createWebhookDispatcher({
    store,
    events,
    clock: options.webhookClock ?? Date.now,
    fetch: options.fetch,
    retry: options.webhookRetry,
    sleep: options.webhookSleep,
    autoDeliver: options.autoDeliverWebhooks,
  });
  const app = createStripeApp(deps, {
    auth: { apiKeys: options.apiKeys },
    failures,
    logger: options.logger,
  });

  const subscriptionOf = (id: string) => {
    const subscription = store.subscriptions.get(id);
    if (!subscription) throw new Error(`No subscription ${id}`);
    return subscription;
  };

  return {
    /** The Hono app; serve it with `listen(app)` from lib/http-server.ts. */
    app,
    /** Every stored object, for assertions (`store.subscriptions.all()` …). */
    store,
    webhooks,
    failures: { inject: failures.inject, remaining: failures.remaining, clear: failures.clear },

    /** Adds a webhook endpoint and returns it with its signing secret. */
    addWebhookEndpoint(endpoint: WebhookEndpointOption) {
      const created = addWebhookEndpoint(deps, endpoint);
      return { id: created.id, url: created.url, secret: created.secret ?? "" };
    },

    /** Events so far, oldest first; optionally only one type. */
    events(type?: string): StripeEvent[] {
      return store.events.all().filter((event) => type === undefined || event.type === type);
    },

    /** Pays an open checkout session (what the customer clicking Pay does). */
    completeCheckoutSession: (id: string) => completeCheckoutSession(deps, id),
    expireCheckoutSession: (id: string) => expireCheckoutSession(deps, id),

    /** Ends the current period: renew and invoice, or cancel if set to cancel at period end. */
    renewSubscription: (id: string, renewal: { paymentFails?: boolean } = {}) =>
      renewSubscription(deps, subscriptionOf(id), renewal),

    /** A meter's aggregated usage for one customer over `[start, end)` unix seconds. */
    meterUsage(meterId: string, customer: string, start: number, end: number): number {
      const meter = store.meters.get(meterId);
      if (!meter) throw new Error(`No meter ${meterId}`);
      return aggregateUsage(store, meter, customer, start, end);
    },

    /** Stops webhook delivery and pending retries. */
    close(): void {
      webhooks.stop();
    },
  };
}

/** A running sandbox's handle. */
export type StripeSandbox = ReturnType<typeof createStripeSandbox>;
