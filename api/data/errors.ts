import { HTTPException } from "hono/http-exception";

/** Not found, or not the caller's to see: the same answer, so ids of other tenants reveal nothing. */
export const notFound = (what = "Not found") => new HTTPException(404, { message: what });
/** A request whose content is wrong in a way the reason explains. */
export const badRequest = (reason: string) => new HTTPException(400, { message: reason });

/** Visible, but the caller's role may not change it. */
export const forbidden = (what = "Your role cannot do that") =>
  new HTTPException(403, { message: what });

/** Postgres refused on privilege grounds (RLS with-check, column grants, our guards). */
export function isPermissionDenied(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === "42501";
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id from a URL: a malformed one is simply not found (and never reaches SQL as a cast error). */
export function uuidParam(value: string | undefined): string {
  if (!value || !UUID.test(value)) throw notFound();
  return value.toLowerCase();
}
