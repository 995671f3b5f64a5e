import { Hono } from "hono";
import Stripe from "stripe";
import { listen } from "../../../lib/http-server.ts";

/**
 * A webhook receiver for tests that does what production code must: verify
 * `Stripe-Signature` over the raw body with `constructEvent`, answer 400 when
 * it fails, and optionally answer 503 to the first `failFirst` requests.
 */
export async function startVerifyingReceiver(
  secret: string | (() => string),
  options: { failFirst?: number } = {},
) {
  const secretNow = typeof secret === "string" ? () => secret : secret;
  const verifier = new Stripe("sk_test_receiver");
  const accepted: Stripe.Event[] = [];
  const rejected: Error[] = [];
  let failuresLeft = options.failFirst ?? 0;
  const app = new Hono().post("/hook", async (c) => {
    const body = await c.req.text();
    if (failuresLeft > 0) {
      failuresLeft -= 1;
      return c.text("temporarily unavailable", 503);
    }
    try {
      accepted.push(
        verifier.webhooks.constructEvent(body, c.req.header("stripe-signature") ?? "", secretNow()),
      );
      return c.json({ received: true });
    } catch (error) {
      rejected.push(error as Error);
      return c.text("signature verification failed", 400);
    }
  });
  const server = await listen(app);
  return {
    url: `${server.url}/hook`,
    accepted,
    rejected,
    types: () => accepted.map((event) => event.type),
    close: server.close,
  };
}
