/**
 * Keyset pagination: the cursor is the last row's `(created_at, id)`, opaque
 * to clients (base64url JSON). The timestamp travels as Postgres text so
 * microseconds survive the round trip (a JS Date would drop them and skip or
 * repeat rows created within one millisecond).
 */
import { HTTPException } from "hono/http-exception";

export type Page<T> = { data: T[]; nextCursor: string | null };
export type Cursor = { t: string; id: string };

/** Decodes a client's cursor; a tampered one is a 400. */
export function decodeCursor(cursor: string | undefined): Cursor | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Cursor;
    if (typeof value.t === "string" && /^[0-9a-f-]{36}$/i.test(value.id)) return value;
  } catch {
    // falls through to the 400
  }
  throw new HTTPException(400, { message: "Invalid cursor" });
}

/** Turns `limit + 1` fetched rows into a page and the cursor after it. */
export function toPage<T extends { cursor_ts: string; id: string }>(
  rows: T[],
  limit: number,
): Page<Omit<T, "cursor_ts">> {
  const more = rows.length > limit;
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    data: shown.map(({ cursor_ts: _, ...rest }) => rest),
    nextCursor:
      more && last
        ? Buffer.from(JSON.stringify({ t: last.cursor_ts, id: last.id })).toString("base64url")
        : null,
  };
}
