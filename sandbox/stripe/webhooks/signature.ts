import { createHmac } from "node:crypto";

/**
 * Builds a `Stripe-Signature` header the way Stripe does: `t=<unix seconds>,
 * v1=<hex HMAC-SHA256 of "<t>.<payload>" keyed by the endpoint secret>`, which
 * `stripe.webhooks.constructEvent` verifies.
 */
export function signWebhookPayload(payload: string, secret: string, timestamp: number): string {
  const signature = createHmac("sha256", secret)
    .update(`${timestamp}.${payload}`, "utf8")
    .digest("hex");
  return `t=${timestamp},v1=${signature}`;
}
