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
/** Bodies above this are not scanned: every route's own body limit refuses them anyway. */
const MAX_SCANNED_BYTES = 1024 * 1024;

/**
 * The body's bytes, read from a copy (the routes' body limits and parsers
 * still read the original), or undefined past `MAX_SCANNED_BYTES`.
 */
async function bodyCopy(request: Request): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_SCANNED_BYTES) return undefined;
  const reader = request.clone().body?.getReader();
  if (!reader) return undefined;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_SCANNED_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/** The parsed body, JSON or form, or undefined when it is neither or unreadable (the route's to refuse). */
async function parsedBody(request: Request, type: string): Promise<unknown> {
  if (!type.includes("json") && !type.includes("form")) return undefined;
  const bytes = await bodyCopy(request).catch(() => undefined);
  if (!bytes) return undefined;
  try {
    if (type.includes("json")) return JSON.parse(new TextDecoder().decode(bytes));
    const form = await new Response(bytes, { headers: { "content-type": type } }).formData();
    // One value per field as a string, so a refusal names "name", not "name.0".
    const fields: Record<string, string | string[]> = {};
    for (const [name, value] of form) {
      if (typeof value !== "string") continue;
      const before = fields[name];
      fields[name] = before === undefined ? value : [before, value].flat();
    }
    return fields;
  } catch {
    return undefined;
  }
}

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
      const field = findControlCharacter(await parsedBody(c.req.raw, type));
      if (field !== undefined) refuse(printable(field));
    }
    await next();
  };
