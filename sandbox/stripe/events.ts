import type { IdGenerator } from "./ids.ts";
import type { Store } from "./store.ts";
import type { StripeEvent, StripeObject } from "./types.ts";

/** The API request that caused an event, as `event.request` shows it. */
export type EventRequest = { id: string | null; idempotency_key: string | null };

export type EmitOptions = {
  previousAttributes?: Record<string, unknown>;
  request?: EventRequest;
};

export type EventLog = {
  /** Records an event about `object` (snapshotted now) and tells every listener. */
  emit: (type: string, object: StripeObject, options?: EmitOptions) => StripeEvent;
  /** Registers a listener (webhook delivery); returns an unsubscribe function. */
  subscribe: (listener: (event: StripeEvent) => void) => () => void;
};

/** Creates the event recorder every state change goes through. */
export function createEventLog(deps: {
  store: Store;
  ids: IdGenerator;
  clock: () => number;
  apiVersion: string;
}): EventLog {
  const listeners = new Set<(event: StripeEvent) => void>();
  return {
    emit(type, object, options = {}) {
      const event: StripeEvent = {
        id: deps.ids("evt", 24),
        object: "event",
        api_version: deps.apiVersion,
        created: Math.floor(deps.clock() / 1000),
        data: {
          object: structuredClone(object),
          ...(options.previousAttributes
            ? { previous_attributes: structuredClone(options.previousAttributes) }
            : {}),
        },
        livemode: false,
        pending_webhooks: 0,
        request: options.request ?? { id: null, idempotency_key: null },
        type,
      };
      deps.store.events.put(event);
      for (const listener of listeners) listener(event);
      return event;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The top-level fields of `before` that differ from `after`, as `previous_attributes`. */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changed[key] = before[key];
  }
  return Object.keys(changed).length > 0 ? changed : undefined;
}
