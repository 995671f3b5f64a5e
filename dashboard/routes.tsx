/**
 * The dashboard as one Hono app to mount at "/": public sign-in and
 * onboarding, the customer, reseller and admin pages, the assets, and the
 * Telegram simulator in sandbox mode. Every group's middleware is scoped to
 * its own prefix, so mounting this at "/" leaves /healthz, /api and the
 * webhooks untouched.
 */
import { type Context, Hono } from "hono";
import type { AppEnv } from "../api/env.ts";
import { createWebKit } from "../api/web-kit.ts";
import { vaultFor } from "../vault/index.ts";
import { createCsrfTokens } from "./csrf.ts";
import type { CtxOf, DashboardDeps } from "./deps.ts";
import {
  pageError,
  pageGuard,
  pageHeaders,
  principalOf,
  sameOriginForms,
  smallBodies,
} from "./middleware.tsx";
import { BillingChooserPage, CheckoutReturnPage, HomePage } from "./pages/home.tsx";
import { ErrorPage } from "./pages/layout.tsx";
import { createAdminPages } from "./routes/admin.tsx";
import { createAssetRoutes } from "./routes/assets.ts";
import { createCustomerPages } from "./routes/customer.tsx";
import { createFileRoutes } from "./routes/files.ts";
import { createLoginPages } from "./routes/logins.tsx";
import { createMiniAppRoutes } from "./routes/mini-app.tsx";
import { createLoginRoutes, createLogoutRoutes, createOnboardRoutes } from "./routes/public.tsx";
import { createResellerPages } from "./routes/reseller.tsx";
import { createSimulatorRoutes } from "./routes/simulator.tsx";

/** Builds the dashboard routes (see `dashboard/index.ts` for wiring). */
export function createDashboardRoutes(deps: DashboardDeps) {
  const kit = deps.kit ?? createWebKit(deps);
  const tokens = createCsrfTokens(deps.appSecret);
  const formTargets = deps.portalOrigins ?? ["https://billing.stripe.com"];
  const guard = pageGuard(kit, tokens, formTargets);
  const ctxOf: CtxOf = (c: Context<AppEnv>) => {
    const principal = principalOf(c);
    return {
      principal,
      csrf: tokens.token(principal),
      ...(deps.sandbox ? { simulator: true } : {}),
    };
  };
  const guarded = (routes: Hono<AppEnv>) =>
    new Hono<AppEnv>().use("*", ...guard).route("/", routes);
  const open = (routes: Hono<AppEnv>) =>
    new Hono<AppEnv>()
      .use(
        "*",
        pageHeaders({ formTargets }),
        smallBodies(),
        sameOriginForms(kit.publicUrl),
        kit.authenticate,
        kit.limit("web"),
      )
      .route("/", routes);

  const app = new Hono<AppEnv>();
  app.onError(pageError(deps.logger));
  app.route("/assets", createAssetRoutes());
  app.route("/login", open(createLoginRoutes(deps, kit)));
  // Signed links to delivered files: a 404, never a redirect, for anyone not entitled.
  app.route("/files", open(createFileRoutes(deps)));
  app.route("/onboard", open(createOnboardRoutes(deps, kit)));
  app.route("/logout", guarded(createLogoutRoutes(deps, kit)));
  // Only "/" itself: a signed-out visitor is sent to /login like on every other page.
  app.use("/", ...guard);
  app.get("/", (c) => {
    const p = principalOf(c);
    const places = [
      ...p.customers.map((x) => `/c/${x.id}`),
      ...p.resellers.map((x) => `/r/${x.id}`),
      ...(p.isAdmin ? ["/admin"] : []),
    ];
    if (places.length === 1) return c.redirect(places[0]!, 303);
    return c.html(<HomePage ctx={ctxOf(c)} />);
  });
  if (deps.miniApp) {
    const miniApp = deps.miniApp;
    app.route("/tg", open(createMiniAppRoutes({ ...deps, miniApp }, kit)));
  }
  const vault = deps.vault ?? vaultFor(deps.data, deps.appSecret, deps.logger);
  // One guard for both: the logins' routes first, the customer pages' catch-all 404 last.
  app.route(
    "/c",
    guarded(
      new Hono<AppEnv>()
        .route("/", createLoginPages({ vault, data: deps.data }, ctxOf))
        .route("/", createCustomerPages(deps, ctxOf)),
    ),
  );
  app.route("/r", guarded(createResellerPages(deps, ctxOf)));
  app.route("/admin", guarded(createAdminPages(deps, ctxOf)));
  if (deps.sandbox) {
    const sandbox = deps.sandbox;
    app.route("/simulator", open(createSimulatorRoutes({ ...deps, sandbox })));
  }
  // Stripe Checkout's success and cancel URLs (the bot's links), and any /billing link.
  app.route("/billing", open(createBillingLanding(ctxOf)));
  // A browser asking for a page that does not exist gets a page with a way back;
  // anything else falls through to the app's JSON 404.
  app.get("*", async (c, next) => {
    if (!(c.req.header("accept") ?? "").includes("text/html")) return next();
    return c.html(<ErrorPage status={404} message="There is no page at this address." />, 404);
  });
  return app;
}

/**
 * `/billing`: a signed-in customer goes to its billing page (the checkout
 * outcome carried along), someone in several businesses chooses, and a
 * visitor who paid from Telegram without signing in reads what happened.
 */
function createBillingLanding(ctxOf: CtxOf) {
  const app = new Hono<AppEnv>();
  app.get("/", (c) => {
    const checkout = c.req.query("checkout");
    const outcome = checkout === "done" || checkout === "cancelled" ? checkout : undefined;
    const query = outcome ? `?checkout=${outcome}` : "";
    const principal = c.get("principal");
    if (!principal) return c.html(<CheckoutReturnPage outcome={outcome ?? "none"} />);
    const [only, ...others] = principal.customers;
    if (only && others.length === 0) return c.redirect(`/c/${only.id}/billing${query}`, 303);
    return c.html(<BillingChooserPage ctx={ctxOf(c)} query={query} />);
  });
  return app;
}
