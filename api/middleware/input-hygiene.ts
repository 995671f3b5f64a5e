/**
 * The net under every form and JSON route: a request carrying a C0 control
 * character (other than tab and line breaks) in its path, query or body is a
 * 400 naming the field, before any route reads it. Postgres refuses NUL in
 * text and `\u0000` in jsonb, so without this a NUL reached it as a 500.
 * Routes still validate their own fields with `text()` (lib/text.ts), which
 * also keeps tab and line breaks out of single-line fields.
 */
import type { MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import {
  CONTROL_CHARACTER_REASON,
  findControlCharacter,
  hasControlCharacter,
  printable,
} from "../../lib/text.ts";
import type { AppEnv } from "../env.ts";

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function refuse(field: string): never {
  throw new HTTPException(400, {
    message: `Invalid request: ${field} ${CONTROL_CHARACTER_REASON}`,
  });
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Refuses control characters in the path, the query and JSON or form bodies. */
export const inputHygiene = (): MiddlewareHandler<AppEnv> =>
  async function inputHygiene(c, next) {
    if (hasControlCharacter(decoded(c.req.path), { multiline: false })) refuse("path");
    for (const [name, values] of Object.entries(c.req.queries())) {
      if (
        hasControlCharacter(name) ||
        values.some((v) => hasControlCharacter(v, { multiline: true }))
      ) {
        refuse(`query.${printable(name)}`);
      }
    }
    if (BODY_METHODS.has(c.req.method)) {
      const type = c.req.header("content-type")?.toLowerCase() ?? "";
      let body: unknown;
      if (type.includes("json")) {
        // Unreadable JSON is the route's to refuse, in its own words.
        body = await c.req.json().catch(() => undefined);
      } else if (type.includes("form")) {
        body = await c.req.parseBody({ all: true }).catch(() => undefined);
      }
      const field = findControlCharacter(body);
      if (field !== undefined) refuse(printable(field));
    }
    await next();
  };
