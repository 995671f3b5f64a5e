import { Hono } from "hono";
import { html } from "hono/html";
import { completeCheckoutSession } from "../billing/checkout.ts";
import type { Env, SandboxDeps } from "../context.ts";

const money = (amount: number, currency: string | null) =>
  `${(amount / 100).toFixed(2)} ${(currency ?? "").toUpperCase()}`;

/**
 * The hosted checkout page a session's `url` points at: shows the items and a
 * Pay button that completes the session and redirects to `success_url`
 * (with `{CHECKOUT_SESSION_ID}` filled in, as Stripe does).
 */
export function checkoutPages(deps: SandboxDeps) {
  return new Hono<Env>()
    .get("/:id", (c) => {
      const session = deps.store.checkoutSessions.get(c.req.param("id"));
      if (!session) return c.html(html`<h1>Checkout session not found</h1>`, 404);
      if (session.status !== "open") {
        return c.html(html`<h1>This checkout session is ${session.status}.</h1>`, 410);
      }
      const lines = deps.store.checkoutDetails.get(session.id)?.lineItems ?? [];
      return c.html(html`<!doctype html>
        <html lang="en">
          <head><meta charset="utf-8" /><title>Sandbox Checkout</title></head>
          <body>
            <h1>Sandbox Checkout</h1>
            <p>${session.customer_email ?? session.customer ?? ""}</p>
            <ul>
              ${lines.map(
                (line) =>
                  html`<li>${line.description} — ${line.price.recurring?.usage_type === "metered" ? "billed by usage" : money(line.amount_total, line.currency)}</li>`,
              )}
            </ul>
            <p>Total due today: <strong>${money(session.amount_total, session.currency)}</strong></p>
            <form method="post" action="/checkout/${session.id}/pay">
              <button type="submit">Pay</button>
            </form>
            ${session.cancel_url ? html`<a href="${session.cancel_url}">Cancel</a>` : ""}
          </body>
        </html>`);
    })
    .post("/:id/pay", (c) => {
      const session = completeCheckoutSession(deps, c.req.param("id"));
      if (!session.success_url) return c.html(html`<h1>Payment complete</h1>`);
      return c.redirect(session.success_url.replaceAll("{CHECKOUT_SESSION_ID}", session.id), 303);
    });
}
