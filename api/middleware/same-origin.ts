import type { MiddlewareHandler } from "hono";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env.ts";

/**
 * hono's `csrf()` (form-encoded posts must come from this origin, or from
 * `publicUrl` behind a proxy), answering in the one error shape instead of
 * a bare "Forbidden".
 */
export const sameOrigin = (publicUrl?: string): MiddlewareHandler<AppEnv> => {
  const publicOrigin = publicUrl ? new URL(publicUrl).origin : undefined;
  const check = csrf({
    origin: (origin, c) => origin === new URL(c.req.url).origin || origin === publicOrigin,
  });
  return async function sameOrigin(c, next) {
    try {
      await check(c, next);
    } catch (error) {
      if (error instanceof HTTPException && error.status === 403 && !error.message) {
        throw new HTTPException(403, { message: "Cross-site request refused" });
      }
      throw error;
    }
  };
};
