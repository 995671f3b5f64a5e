import type { EventLog } from "../events.ts";
import type { Store } from "../store.ts";
import type { StripeEvent, WebhookEndpoint } from "../types.ts";
import { type BatchOrder, reorder } from "./reorder.ts";
import { signWebhookPayload } from "./signature.ts";

/** One POST of one event to one endpoint. */
export type WebhookDelivery = {
  eventId: string;
  eventType: string;
  url: string;
  attempt: number;
  /** HTTP status the receiver answered, or null when the request itself failed. */
  status: number | null;
  ok: boolean;
  signature: "valid" | "invalid";
  error?: string;
};

export type RetryPolicy = {
  /** Total attempts per event and endpoint, the first included. */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
};

/** Where a helper sends to: an endpoint's id or URL, or an ad-hoc receiver. */
export type DeliveryTarget = string | { url: string; secret: string };

export type DeliverOptions = {
  /** Defaults to every enabled endpoint that listens for the event's type. */
  endpoint?: DeliveryTarget;
  /** Sign with a wrong secret, so verification must fail. */
  signature?: "valid" | "invalid";
};

type Receiver = { url: string; secret: string };
type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

const defaultSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Delivers events to webhook endpoints like Stripe: a JSON POST signed with
 * `Stripe-Signature`, retried with exponential backoff until a 2xx. Also the
 * test helpers billing code needs: repeat, reorder, or mis-sign a delivery.
 */
export function createWebhookDispatcher(deps: {
  store: Store;
  events: EventLog;
  /** Clock for the signature's `t=`; receivers check it against their own time. */
  clock: () => number;
  fetch?: typeof fetch;
  retry?: Partial<RetryPolicy>;
  sleep?: Sleep;
  timeoutMs?: number;
  autoDeliver?: boolean;
}) {
  const post = deps.fetch ?? fetch;
  const sleep = deps.sleep ?? defaultSleep;
  const retry: RetryPolicy = {
    maxAttempts: 5,
    initialDelayMs: 1000,
    maxDelayMs: 60_000,
    ...deps.retry,
  };
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const deliveries: WebhookDelivery[] = [];
  const pending = new Set<Promise<unknown>>();
  const stopping = new AbortController();
  // Initial attempts go out one at a time per endpoint, in event order; retries do not wait in line.
  const queues = new Map<string, Promise<unknown>>();

  function track<T>(work: Promise<T>): Promise<T> {
    pending.add(work);
    void work.finally(() => pending.delete(work)).catch(() => {});
    return work;
  }

  function listeners(event: StripeEvent): WebhookEndpoint[] {
    return deps.store.webhookEndpoints
      .all()
      .filter(
        (endpoint) =>
          endpoint.status === "enabled" &&
          (endpoint.enabled_events.includes("*") || endpoint.enabled_events.includes(event.type)),
      );
  }

  function resolveTargets(event: StripeEvent, target: DeliveryTarget | undefined): Receiver[] {
    const endpoints = listeners(event).map(asReceiver);
    if (target === undefined) return endpoints;
    if (typeof target !== "string") return [target];
    const endpoint = deps.store.webhookEndpoints
      .all()
      .find((candidate) => candidate.id === target || candidate.url === target);
    if (!endpoint) throw new Error(`No webhook endpoint with id or url ${target}`);
    return [asReceiver(endpoint)];
  }

  async function attempt(
    event: StripeEvent,
    receiver: Receiver,
    attemptNumber: number,
    signature: "valid" | "invalid",
  ): Promise<WebhookDelivery> {
    const payload = JSON.stringify(event, null, 2);
    const secret = signature === "valid" ? receiver.secret : `${receiver.secret}_not_the_secret`;
    const header = signWebhookPayload(payload, secret, Math.floor(deps.clock() / 1000));
    const record: WebhookDelivery = {
      eventId: event.id,
      eventType: event.type,
      url: receiver.url,
      attempt: attemptNumber,
      status: null,
      ok: false,
      signature,
    };
    try {
      const response = await post(receiver.url, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "stripe-signature": header,
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        },
        body: payload,
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), stopping.signal]),
      });
      await response.arrayBuffer().catch(() => undefined);
      record.status = response.status;
      record.ok = response.ok;
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
    deliveries.push(record);
    return record;
  }

  function markDelivered(event: StripeEvent): void {
    event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
  }

  /** Keeps trying after a first attempt, waiting longer each time, until a 2xx or the last attempt. */
  async function untilDelivered(
    event: StripeEvent,
    receiver: Receiver,
    first: Promise<WebhookDelivery>,
  ): Promise<void> {
    if ((await first).ok) return markDelivered(event);
    for (let attemptNumber = 2; attemptNumber <= retry.maxAttempts; attemptNumber++) {
      const delay = Math.min(retry.initialDelayMs * 2 ** (attemptNumber - 2), retry.maxDelayMs);
      await sleep(delay, stopping.signal);
      if (stopping.signal.aborted) return;
      if ((await attempt(event, receiver, attemptNumber, "valid")).ok) return markDelivered(event);
    }
  }

  function autoDeliver(event: StripeEvent): void {
    const endpoints = listeners(event);
    event.pending_webhooks = endpoints.length;
    for (const endpoint of endpoints) {
      const receiver = asReceiver(endpoint);
      const first = (queues.get(endpoint.id) ?? Promise.resolve()).then(() =>
        attempt(event, receiver, 1, "valid"),
      );
      queues.set(endpoint.id, first);
      track(untilDelivered(event, receiver, first));
    }
  }

  function eventOf(eventOrId: StripeEvent | string): StripeEvent {
    if (typeof eventOrId !== "string") return eventOrId;
    const event = deps.store.events.get(eventOrId);
    if (!event) throw new Error(`No event ${eventOrId}`);
    return event;
  }

  function deliver(
    eventOrId: StripeEvent | string,
    options: DeliverOptions & { times?: number } = {},
  ): Promise<WebhookDelivery[]> {
    return track(
      (async () => {
        const event = eventOf(eventOrId);
        const receivers = resolveTargets(event, options.endpoint);
        const results: WebhookDelivery[] = [];
        for (let i = 1; i <= (options.times ?? 1); i++) {
          for (const receiver of receivers) {
            results.push(await attempt(event, receiver, i, options.signature ?? "valid"));
          }
        }
        return results;
      })(),
    );
  }

  const unsubscribe = deps.autoDeliver === false ? () => {} : deps.events.subscribe(autoDeliver);

  return {
    /** Every attempt made so far, oldest first. */
    deliveries: deliveries as readonly WebhookDelivery[],

    /** Sends one event `times` times in a row (no retries), as Stripe's duplicate deliveries do. */
    deliver,

    /**
     * Sends several events once each in a chosen order: `reverse`, `shuffle`,
     * or explicit positions (`[2, 0, 1]`), since Stripe does not keep order.
     */
    deliverBatch(
      eventsOrIds: readonly (StripeEvent | string)[],
      options: DeliverOptions & {
        order?: BatchOrder;
        random?: () => number;
      } = {},
    ): Promise<WebhookDelivery[]> {
      return track(
        (async () => {
          const events = reorder(
            eventsOrIds.map(eventOf),
            options.order ?? "reverse",
            options.random,
          );
          const results: WebhookDelivery[] = [];
          for (const event of events) {
            for (const receiver of resolveTargets(event, options.endpoint)) {
              results.push(await attempt(event, receiver, 1, options.signature ?? "valid"));
            }
          }
          return results;
        })(),
      );
    },

    /** Sends an event signed with the wrong secret; a correct receiver must reject it. */
    deliverWithBadSignature(
      eventOrId: StripeEvent | string,
      options: Omit<DeliverOptions, "signature"> = {},
    ): Promise<WebhookDelivery[]> {
      return deliver(eventOrId, { ...options, signature: "invalid" });
    },

    /** Redelivers with the normal retry policy, as "Resend" in Stripe's dashboard does. */
    redeliver(eventOrId: StripeEvent | string, endpoint?: DeliveryTarget): Promise<void> {
      return track(
        (async () => {
          const event = eventOf(eventOrId);
          await Promise.all(
            resolveTargets(event, endpoint).map((receiver) =>
              untilDelivered(event, receiver, attempt(event, receiver, 1, "valid")),
            ),
          );
        })(),
      );
    },

    /** Resolves once no delivery or retry is in flight. */
    async idle(): Promise<void> {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },

    /** Stops automatic delivery and abandons waiting retries. */
    stop(): void {
      unsubscribe();
      stopping.abort();
    },
  };
}

/** The dispatcher's public face. */
export type WebhookDispatcher = ReturnType<typeof createWebhookDispatcher>;

function asReceiver(endpoint: WebhookEndpoint): Receiver {
  return { url: endpoint.url, secret: endpoint.secret ?? "" };
}
