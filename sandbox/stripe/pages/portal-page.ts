import { Hono } from "hono";
import { html } from "hono/html";
import { updateSubscription } from "../billing/subscription-changes.ts";
import { currentPeriod } from "../billing/subscriptions.ts";
import type { Env, SandboxDeps } from "../context.ts";

/**
 * The customer portal a portal session's `url` opens: lists the customer's
 * subscriptions and lets them cancel at period end, then go back.
 */
export function portalPages(deps: SandboxDeps) {
  const sessionOf = (id: string) => deps.store.portalSessions.get(id);
  return new Hono<Env>()
    .get("/:id", (c) => {
      const session = sessionOf(c.req.param("id"));
      if (!session) return c.html(html`<h1>Portal session not found</h1>`, 404);
      const subscriptions = deps.store.subscriptions
        .all()
        .filter((sub) => sub.customer === session.customer && sub.status !== "canceled");
      return c.html(html`<!doctype html>
        <html lang="en">
          <head><meta charset="utf-8" /><title>Sandbox Billing Portal</title></head>
          <body>
            <h1>Your subscriptions</h1>
            <ul>
              ${subscriptions.map(
                (sub) => html`<li>
                  ${sub.items.data.map((item) => deps.store.products.get(item.price.product)?.name ?? item.price.id).join(", ")}
                  (${sub.status}${sub.cancel_at_period_end ? ", cancels at period end" : ""})
                  ${
                    sub.cancel_at_period_end
                      ? ""
                      : html`<form method="post" action="/billing_portal/${session.id}/subscriptions/${sub.id}/cancel">
                          <button type="submit">Cancel plan</button>
                        </form>`
                  }
                </li>`,
              )}
            </ul>
            ${session.return_url ? html`<a href="${session.return_url}">Return</a>` : ""}
          </body>
        </html>`);
    })
    .post("/:id/subscriptions/:subscription/cancel", (c) => {
      const session = sessionOf(c.req.param("id"));
      const subscription = deps.store.subscriptions.get(c.req.param("subscription"));
      if (!session || !subscription || subscription.customer !== session.customer) {
        return c.html(html`<h1>Not found</h1>`, 404);
      }
      updateSubscription(deps, subscription, (sub) => {
        sub.cancel_at_period_end = true;
        sub.cancel_at = currentPeriod(sub).end;
      });
      return c.redirect(`/billing_portal/${session.id}`, 303);
    });
}

/** Connect onboarding stand-in: an account link just returns to `return_url`. */
export function connectPages() {
  return new Hono<Env>().get("/:account", (c) => {
    const returnUrl = c.req.query("return_url");
    return returnUrl ? c.redirect(returnUrl, 302) : c.html(html`<h1>Account ready</h1>`);
  });
}
