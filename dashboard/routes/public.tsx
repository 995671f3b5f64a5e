/**
 * Routes for people not signed in yet: the bot's one-time login links,
 * signing out, and the public /onboard sign-up with its QR code.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { INVITE_TOKEN, selfSignup } from "../../accounts/index.ts";
import type { AppEnv } from "../../api/env.ts";
import type { WebKit } from "../../api/web-kit.ts";
import { clearSessionCookie, setSessionCookie } from "../../auth/index.ts";
import { CONTROL_CHARACTER_REASON, text } from "../../lib/text.ts";
import type { DashboardDeps } from "../deps.ts";
import { LoginPage, OnboardPage } from "../pages/public.tsx";
import { inviteLink, qrPng, qrSvg } from "../qr.ts";

/** GET /login/:token signs in; GET /login explains how; POST /logout signs out. */
export function createLoginRoutes(deps: DashboardDeps, kit: WebKit) {
  const app = new Hono<AppEnv>();
  const simulator = deps.sandbox ? { simulator: true } : {};
  app.get("/", (c) => c.html(<LoginPage botUsername={deps.botUsername} {...simulator} />));
  app.get("/:token", kit.limit("login", { perIp: kit.limits.loginPerIp }), async (c) => {
    const session = await kit.sessions.signInWithLink(c.req.param("token"));
    if (!session) {
      return c.html(
        <LoginPage
          botUsername={deps.botUsername}
          {...simulator}
          reason="That sign-in link was already used or has expired. Ask the bot for a new one."
        />,
        401,
      );
    }
    setSessionCookie(c, session.token, {
      maxAgeSeconds: kit.sessions.ttlSeconds,
      ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}),
    });
    c.header("cache-control", "no-store");
    c.get("logger")?.info({ userId: session.claims.sub }, "signed in with a login link");
    return c.redirect("/", 303);
  });
  return app;
}

/** POST /logout (behind the page guard, so it needs the form token). */
export function createLogoutRoutes(deps: DashboardDeps, kit: WebKit) {
  const app = new Hono<AppEnv>();
  app.post("/", async (c) => {
    const session = c.get("principal")?.session;
    if (session) await kit.sessions.revoke(session);
    clearSessionCookie(c, deps.publicUrl);
    return c.redirect("/login", 303);
  });
  return app;
}

const SIGNUP = z.object({
  name: text().trim().min(1).max(200),
  contact: text().trim().min(3).max(200),
});

/** The public sign-up page and its QR PNG. */
export function createOnboardRoutes(deps: DashboardDeps, kit: WebKit) {
  const app = new Hono<AppEnv>();
  const simulatorHref = (token: string) =>
    deps.sandbox ? `/simulator?start=${encodeURIComponent(token)}` : undefined;

  const guard = deps.signupGuard;
  /** The challenge to put in the form while sign-ups spike, else none. */
  const challengeNow = async () =>
    guard && (await guard.required()) ? { challenge: await guard.challenge() } : {};

  app.get("/", async (c) => c.html(<OnboardPage {...(await challengeNow())} />));

  app.post("/", kit.limit("signup", { perIp: kit.limits.signupPerIp }), async (c) => {
    const body = await c.req.parseBody();
    const input = SIGNUP.safeParse(body);
    if (!input.success) {
      const fields = [...new Set(input.error.issues.map((i) => String(i.path[0])))];
      const reason = input.error.issues.some((i) => i.message === CONTROL_CHARACTER_REASON)
        ? ` (${fields.join(", ")} ${CONTROL_CHARACTER_REASON})`
        : "";
      return c.html(
        <OnboardPage
          error={`Please give your business name and a way to reach you.${reason}`}
          {...(await challengeNow())}
        />,
        400,
      );
    }
    if (guard && (await guard.required())) {
      const solved = await guard.verify(typeof body.altcha === "string" ? body.altcha : undefined);
      if (!solved) {
        return c.html(
          <OnboardPage
            error="Many sign-ups are arriving right now: let your browser finish its short check, then send the form again."
            challenge={await guard.challenge()}
          />,
          429,
        );
      }
    }
    const created = await selfSignup(deps.data, { ...input.data, ip: kit.ipOf(c) });
    const link = inviteLink(deps, created.token);
    const sim = simulatorHref(created.token);
    return c.html(
      <OnboardPage
        result={{
          name: input.data.name,
          svg: await qrSvg(link),
          link,
          pngHref: `/onboard/qr.png?token=${encodeURIComponent(created.token)}`,
        }}
        {...(sim ? { simulatorHref: sim } : {})}
      />,
    );
  });

  // Renders the deep link of the token it is given; it reveals nothing the caller did not already hold.
  app.get("/qr.png", async (c) => {
    const token = c.req.query("token") ?? "";
    if (!INVITE_TOKEN.test(token)) throw new HTTPException(404, { message: "No such code" });
    const png = await qrPng(inviteLink(deps, token));
    return c.body(new Uint8Array(png), 200, {
      "content-type": "image/png",
      "content-disposition": 'attachment; filename="mouse-qr.png"',
      "cache-control": "private, no-store",
    });
  });
  return app;
}
