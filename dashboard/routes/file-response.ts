/** A delivered file as a download: its own name and type, private to the browser. */
import type { Context } from "hono";
import type { StoredFileLinks } from "../../deliverables/store.ts";

type FileMeta = { file_name: string; content_type: string; sha256: string };

export function fileResponse(c: Context, file: FileMeta & { bytes: Buffer }): Response {
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

/**
 * A file the caller may read (the caller has checked, under RLS): its bytes
 * when they are kept inline, else a redirect to a short-lived signed URL of
 * the object storage that keeps them; undefined when neither is possible.
 */
export async function deliverableResponse(
  c: Context,
  file: FileMeta & ({ bytes: Buffer } | { storage_path: string }),
  links: StoredFileLinks | undefined,
): Promise<Response | undefined> {
  if ("bytes" in file && file.bytes) return fileResponse(c, file);
  if (!("storage_path" in file) || !links) return undefined;
  const url = await links.signedUrl(file.storage_path, file.file_name);
  c.header("cache-control", "private, no-store");
  c.header("referrer-policy", "no-referrer");
  return c.redirect(url, 302);
}
