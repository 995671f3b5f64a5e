/** A delivered file as a download: its own name and type, private to the browser. */
import type { Context } from "hono";

export function fileResponse(
  c: Context,
  file: { bytes: Buffer; file_name: string; content_type: string; sha256: string },
): Response {
  const ascii = file.file_name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return c.body(new Uint8Array(file.bytes), 200, {
    "content-type": file.content_type,
    "content-length": String(file.bytes.length),
    "content-disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.file_name)}`,
    "cache-control": "private, no-store",
    "x-content-type-options": "nosniff",
    etag: `"${file.sha256}"`,
  });
}
