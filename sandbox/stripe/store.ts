import type {
  CheckoutDetails,
  CheckoutSession,
  Customer,
  Invoice,
  Meter,
  MeterEvent,
  PortalSession,
  Price,
  Product,
  StripeEvent,
  StripeObject,
  Subscription,
  WebhookEndpoint,
} from "./types.ts";

/** An insertion-ordered table of one kind of Stripe object. */
export type Collection<T extends StripeObject> = {
  get: (id: string) => T | undefined;
  put: (object: T) => T;
  all: () => T[];
};

function createCollection<T extends StripeObject>(): Collection<T> {
  const rows = new Map<string, T>();
  return {
    get: (id) => rows.get(id),
    put: (object) => {
      rows.set(object.id, object);
      return object;
    },
    all: () => [...rows.values()],
  };
}

/** Everything one sandbox holds; tests read it directly to check what happened. */
export type Store = ReturnType<typeof createStore>;

/** Creates the in-memory tables for one sandbox instance. */
export function createStore() {
  const tables = {
    customers: createCollection<Customer>(),
    products: createCollection<Product>(),
    prices: createCollection<Price>(),
    checkoutSessions: createCollection<CheckoutSession>(),
    portalSessions: createCollection<PortalSession>(),
    subscriptions: createCollection<Subscription>(),
    invoices: createCollection<Invoice>(),
    paymentIntents: createCollection<StripeObject>(),
    meters: createCollection<Meter>(),
    accounts: createCollection<StripeObject>(),
    webhookEndpoints: createCollection<WebhookEndpoint>(),
    events: createCollection<StripeEvent>(),
  };
  const meterEvents: MeterEvent[] = [];
  const checkoutDetails = new Map<string, CheckoutDetails>();
  return {
    ...tables,
    meterEvents,
    checkoutDetails,
    /** Finds any stored object by id, for `expand[]`. */
    find(id: string): StripeObject | undefined {
      for (const table of Object.values(tables)) {
        const found = table.get(id);
        if (found) return found;
      }
      return undefined;
    },
  };
}
