import type { Context } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type Stripe from "stripe";
import type { ErrorBody } from "../api/index.ts";
import { SANDBOX_STRIPE_WEBHOOK_SECRET } from "../config/config.ts";
import { handleStripeEvent, type StripeEventDeps } from "./webhook-events.ts";

export type StripeWebhookDeps = StripeEventDeps & {
  /** Used for `webhooks.constructEventAsync` only. */
  stripe: Stripe;
  /** The endpoint's signing secret (`whsec_…`). */
  webhookSecret: string;
  /** Accepted age of a signature's timestamp; Stripe's default is 300 s. */
  toleranceSeconds?: number;
  /** In production the sandbox's published secret verifies nothing. */
  production?: boolean;
};

const MAX_BODY_BYTES = 512 * 1024;

function fail(c: Context, status: ContentfulStatusCode, message: string) {
  return c.json<ErrorBody>({ error: { status, message } }, status);
}

/**
 * `POST /stripe/webhook`: verifies `Stripe-Signature` over the raw body, then
 * processes the event once. A missing or bad signature is a 400 and nothing
 * is touched; a failure while processing is a 500 so Stripe delivers again.
 * Mount with `app.route("/", createStripeWebhookRoutes(deps))`.
 */
export function createStripeWebhookRoutes(deps: StripeWebhookDeps) {
  // Anyone can sign with a secret printed in the source; config refuses it too, this is the last guard.
  const refused = deps.production === true && deps.webhookSecret === SANDBOX_STRIPE_WEBHOOK_SECRET;
  return new Hono().post(
    "/stripe/webhook",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => fail(c, 413, "Webhook body too large"),
    }),
    async (c) => {
      const signature = c.req.header("stripe-signature");
      if (!signature) return fail(c, 400, "Missing Stripe-Signature header");
      if (refused) {
        deps.logger?.error("stripe webhook refused: the sandbox's published secret in production");
        return fail(c, 400, "Stripe signature verification failed: secret not accepted");
      }
      const payload = await c.req.text();
      let event: Stripe.Event;
      try {
        // The async variant is the one Cloudflare Workers need; on Node it behaves the same.
        event = await deps.stripe.webhooks.constructEventAsync(
          payload,
          signature,
          deps.webhookSecret,
          deps.toleranceSeconds,
        );
      } catch (error) {
        // stripe-node's messages go on with advice and links; the first sentence is the reason.
        const reason =
          error instanceof Error ? error.message.split(/\.\s|\n/)[0] : "unreadable event";
        return fail(c, 400, `Stripe signature verification failed: ${reason}`);
      }
      try {
        const outcome = await handleStripeEvent(deps, event);
        return c.json({ received: true, outcome });
      } catch (error) {
        deps.logger?.error(
          { err: error, event: event.id, type: event.type },
          "stripe event failed",
        );
        return fail(c, 500, "The event could not be processed; Stripe will deliver it again");
      }
    },
  );
}
