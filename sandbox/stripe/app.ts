import { Hono, type MiddlewareHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type AuthOptions, stripeAuth } from "./auth.ts";
import type { Env, SandboxDeps } from "./context.ts";
import { StripeApiError } from "./errors.ts";
import type { FailureInjector } from "./failures.ts";
import { parseStripeForm } from "./form.ts";
import { idempotency } from "./idempotency.ts";
import { checkoutPages } from "./pages/checkout-page.ts";
import { connectPages, portalPages } from "./pages/portal-page.ts";
import { accountLinkRoutes, accountRoutes } from "./routes/accounts.ts";
import { billingPortalRoutes } from "./routes/billing-portal.ts";
import { checkoutSessionRoutes, checkoutTestHelperRoutes } from "./routes/checkout-sessions.ts";
import { customerRoutes } from "./routes/customers.ts";
import { eventRoutes } from "./routes/events.ts";
import { invoiceRoutes, paymentIntentRoutes } from "./routes/invoices.ts";
import { meterEventRoutes } from "./routes/meter-events.ts";
import { meterRoutes } from "./routes/meters.ts";
import { priceRoutes } from "./routes/prices.ts";
import { productRoutes } from "./routes/products.ts";
import { subscriptionRoutes } from "./routes/subscriptions.ts";
import { webhookEndpointRoutes } from "./routes/webhook-endpoints.ts";

/** Something with pino's `error(obj, msg)`; unexpected failures are reported there. */
export type ErrorLogger = { error: (details: object, message?: string) => void };

/** Decodes the form body (POST) or query (GET, DELETE) into `c.var.params`. */
const stripeParams = (): MiddlewareHandler<Env> =>
  async function stripeParams(c, next) {
    const encoded =
      c.req.method === "POST" ? await c.req.text() : new URL(c.req.url).search.slice(1);
    c.set("params", parseStripeForm(encoded));
    await next();
  };

/**
 * Assembles the HTTP surface: `/v1/*` behind failure injection, auth, form
 * decoding and idempotency, plus the hosted checkout, portal and onboarding pages.
 */
export function createStripeApp(
  deps: SandboxDeps,
  parts: { auth: AuthOptions; failures: FailureInjector; logger?: ErrorLogger },
) {
  const app = new Hono<Env>();

  app.use(async function requestIdentity(c, next) {
    const requestId = deps.ids("req");
    c.set("requestId", requestId);
    c.set("idempotencyKey", null);
    await next();
    c.res.headers.set("Request-Id", requestId);
    const version = c.req.header("stripe-version");
    if (version) c.res.headers.set("Stripe-Version", version);
  });

  app.use(
    "/v1/*",
    parts.failures.middleware,
    stripeAuth(parts.auth),
    stripeParams(),
    idempotency(deps.clock),
  );

  app
    .route("/v1/customers", customerRoutes(deps))
    .route("/v1/products", productRoutes(deps))
    .route("/v1/prices", priceRoutes(deps))
    .route("/v1/checkout/sessions", checkoutSessionRoutes(deps))
    .route("/v1/test_helpers/checkout/sessions", checkoutTestHelperRoutes(deps))
    .route("/v1/billing_portal", billingPortalRoutes(deps))
    .route("/v1/subscriptions", subscriptionRoutes(deps))
    .route("/v1/invoices", invoiceRoutes(deps))
    .route("/v1/payment_intents", paymentIntentRoutes(deps))
    .route("/v1/billing/meters", meterRoutes(deps))
    .route("/v1/billing/meter_events", meterEventRoutes(deps))
    .route("/v1/accounts", accountRoutes(deps))
    .route("/v1/account_links", accountLinkRoutes(deps))
    .route("/v1/events", eventRoutes(deps))
    .route("/v1/webhook_endpoints", webhookEndpointRoutes(deps))
    .route("/checkout", checkoutPages(deps))
    .route("/billing_portal", portalPages(deps))
    .route("/connect", connectPages());

  app.notFound((c) =>
    c.json(
      {
        error: {
          type: "invalid_request_error",
          message: `Unrecognized request URL (${c.req.method}: ${c.req.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        },
      },
      404,
    ),
  );

  app.onError((error, c) => {
    if (error instanceof StripeApiError) {
      return c.json({ error: error.body }, error.status as ContentfulStatusCode, error.headers);
    }
    parts.logger?.error({ err: error, path: c.req.path }, "stripe sandbox handler failed");
    return c.json({ error: { type: "api_error", message: "An unknown error occurred" } }, 500);
  });

  return app;
}
