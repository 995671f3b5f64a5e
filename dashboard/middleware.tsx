/**
 * The protections every dashboard page runs behind: secure headers with a
 * strict CSP (scripts and styles only from /assets, images from here or
 * inline data), a small body limit, Origin-checked forms plus a per-session
 * form token, per-IP and per-user rate limits, and sign-in.
 */
import type { ErrorHandler, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../api/env.ts";
import { sameOrigin } from "../api/middleware/same-origin.ts";
import type { Principal } from "../api/principal.ts";
import type { WebKit } from "../api/web-kit.ts";
import type { Logger } from "../observability/index.ts";
import type { CsrfTokens } from "./csrf.ts";
import { ErrorPage } from "./pages/layout.tsx";

/** Secure headers with the dashboard's CSP. */
export const pageHeaders = ({ formTargets = [] }: { formTargets?: string[] } = {}) =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      formAction: ["'self'", ...formTargets],
      // Only our own pages may frame ours: the simulator shows the Mini App in a panel.
      frameAncestors: ["'self'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: "same-origin",
  });

/** Refuses bodies over `maxBytes` with 413. */
export const smallBodies = (maxBytes = 32 * 1024) =>
  bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new HTTPException(413, { message: "Request too large" });
    },
  });

/** Cross-site form posts are refused: Origin (or Sec-Fetch-Site) must be this site. */
export const sameOriginForms = (publicUrl?: string): MiddlewareHandler<AppEnv> =>
  sameOrigin(publicUrl);

/** Form posts from a cookie session must carry the session's form token. */
export const formToken = (tokens: CsrfTokens): MiddlewareHandler<AppEnv> =>
  async function formToken(c, next) {
    const principal = c.get("principal");
    if (c.req.method === "POST" && principal?.via === "session") {
      const type = c.req.header("content-type") ?? "";
      const body =
        type.startsWith("application/x-www-form-urlencoded") ||
        type.startsWith("multipart/form-data")
          ? await c.req.parseBody()
          : {};
      if (!tokens.verify(principal, body._csrf))
        throw new HTTPException(403, { message: "Form expired: reload the page and try again" });
    }
    await next();
  };

/** Pages for signed-in people: anyone else is sent to /login. */
export const signedIn = (): MiddlewareHandler<AppEnv> =>
  async function signedIn(c, next) {
    if (!c.get("principal")) return c.redirect("/login", 303);
    await next();
    return undefined;
  };

/** The usual stack for signed-in pages. */
export function pageGuard(kit: WebKit, tokens: CsrfTokens, formTargets: string[]) {
  return [
    pageHeaders({ formTargets }),
    smallBodies(),
    sameOriginForms(kit.publicUrl),
    kit.authenticate,
    kit.limit("web"),
    formToken(tokens),
    signedIn(),
  ] as MiddlewareHandler<AppEnv>[];
}

/** The signed-in caller on a guarded page. */
export function principalOf(c: { get: (key: "principal") => Principal | undefined }): Principal {
  const principal = c.get("principal");
  if (!principal) throw new HTTPException(401, { message: "Sign in first" });
  return principal;
}

/** Errors on pages render as HTML with the same status; internals go only to the log. */
export const pageError =
  (logger: Logger): ErrorHandler<AppEnv> =>
  (error, c) => {
    const log = c.get("logger") ?? logger;
    if (error instanceof HTTPException) {
      if (error.status === 401) return c.redirect("/login", 303);
      if (error.status >= 500) log.error({ err: error.cause ?? error }, error.message);
      // A 5xx's message may name internals: the person reads a plain sentence instead.
      const message =
        error.status >= 500
          ? "Something broke on our side. Please try again in a moment."
          : error.message || "Request refused";
      return c.html(<ErrorPage status={error.status} message={message} />, error.status);
    }
    log.error({ err: error }, "unhandled page error");
    return c.html(
      <ErrorPage status={500} message="Something broke on our side. Please try again." />,
      500,
    );
  };
