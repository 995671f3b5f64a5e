import Stripe from "stripe";

export type StripeClientOptions = {
  secretKey: string;
  /** `STRIPE_API_BASE`: another server speaking Stripe's API (the sandbox, a proxy). */
  apiBase?: string;
  /** Retries of failed requests (stripe-node reuses the idempotency key); default 2. */
  maxNetworkRetries?: number;
  timeoutMs?: number;
};

/**
 * A stripe-node client, pointed at `apiBase` when one is given. stripe-node
 * takes host, port and protocol rather than a URL, so the URL is split here.
 */
export function createStripeClient(options: StripeClientOptions): Stripe {
  const { secretKey, apiBase, maxNetworkRetries = 2, timeoutMs = 20_000 } = options;
  return new Stripe(secretKey, {
    maxNetworkRetries,
    timeout: timeoutMs,
    telemetry: false,
    ...(apiBase ? stripeHost(apiBase) : {}),
  });
}

/** `http://127.0.0.1:4242` → `{ host: "127.0.0.1", port: 4242, protocol: "http" }`. */
export function stripeHost(apiBase: string): {
  host: string;
  port: number;
  protocol: "http" | "https";
} {
  const url = new URL(apiBase);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`STRIPE_API_BASE must be an http(s) URL, got ${url.protocol}`);
  }
  if (url.pathname !== "/" && url.pathname !== "") {
    throw new Error("STRIPE_API_BASE must not have a path: stripe-node always calls /v1/…");
  }
  const protocol = url.protocol === "http:" ? "http" : "https";
  const port = url.port ? Number(url.port) : protocol === "http" ? 80 : 443;
  return { host: url.hostname, port, protocol };
}
