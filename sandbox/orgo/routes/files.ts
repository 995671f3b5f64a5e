import { posix } from "node:path";
import { Hono } from "hono";
import { publicBase, type RouteDeps, type SandboxEnv } from "../env.ts";
import { invalid, notFound, OrgoApiError } from "../errors.ts";
import { requireDesktop } from "../lifecycle.ts";
import { schemaOf } from "../schemas.ts";
import { fileJson } from "../serialize.ts";
import { readJson } from "../validation.ts";
import { HOME } from "../vm-fs.ts";

const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const CONTENT_TYPES: Record<string, string> = {
  csv: "text/csv",
  txt: "text/plain",
  md: "text/markdown",
  json: "application/json",
  pdf: "application/pdf",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  zip: "application/zip",
  html: "text/html",
};

/** A content type from a file name, as a storage bucket guesses it. */
export function contentTypeOf(name: string): string {
  return CONTENT_TYPES[posix.extname(name).slice(1).toLowerCase()] ?? "application/octet-stream";
}

/**
 * `/files`: upload (lands on the desktop's Desktop folder), export from
 * `/home/user`, list. Download URLs are signed and expire (Orgo's last an
 * hour), as `deps.files` decides.
 */
export function createFileRoutes(deps: RouteDeps) {
  const { store, guard, fileUrls } = deps;
  const download = (base: string, id: string) => `${base}/_sandbox/files/${fileUrls.sign(id)}`;

  return new Hono<SandboxEnv>()
    .post("/upload", guard("files", "upload"), async (c) => {
      const form = await c.req.parseBody().catch(() => {
        throw invalid("Request body must be multipart/form-data");
      });
      const file = form.file;
      if (!(file instanceof File)) throw invalid("file is required");
      if (file.size > MAX_UPLOAD_BYTES) throw invalid("file must be at most 10 MB");
      if (typeof form.projectId !== "string" || form.projectId === "")
        throw invalid("projectId is required");
      const workspace = store.getWorkspace(form.projectId);
      const desktopId =
        typeof form.desktopId === "string" && form.desktopId !== "" ? form.desktopId : null;
      const computer = desktopId ? store.getComputer(desktopId) : null;
      if (computer && computer.workspaceId !== workspace.id) {
        throw new OrgoApiError(403, "Desktop does not belong to this project");
      }
      const data = Buffer.from(await file.arrayBuffer());
      const name = posix.basename(file.name || "upload");
      const path = computer ? `${HOME}/Desktop/${name}` : null;
      if (computer && path) computer.fs.write(path, data);
      const stored = store.addFile({
        name,
        size: data.length,
        contentType: file.type || contentTypeOf(name),
        workspaceId: workspace.id,
        computerId: computer?.id ?? null,
        path,
        data,
      });
      return c.json({ file: fileJson(stored, download(publicBase(c, deps), stored.id)) });
    })
    .post("/export", guard("files", "export"), async (c) => {
      const body = await readJson(c, schemaOf.exportFile);
      const computer = store.getComputer(body.desktopId);
      requireDesktop(computer);
      const path = posix.resolve(HOME, body.path);
      if (!path.startsWith(`${HOME}/`)) throw invalid(`Export works only inside ${HOME}`);
      const data = computer.fs.read(path);
      if (data === undefined) throw notFound("File");
      const stored = store.addFile({
        name: posix.basename(path),
        size: data.length,
        contentType: contentTypeOf(path),
        workspaceId: computer.workspaceId,
        computerId: computer.id,
        path,
        data,
      });
      const url = download(publicBase(c, deps), stored.id);
      return c.json({ success: true, file: fileJson(stored, url), url });
    })
    .get("/", guard("files", "list-files"), (c) => {
      const projectId = c.req.query("projectId");
      const desktopId = c.req.query("desktopId");
      const files = store
        .listFiles()
        .filter(
          (f) =>
            (!projectId || f.workspaceId === projectId) &&
            (!desktopId || f.computerId === desktopId),
        );
      const base = publicBase(c, deps);
      return c.json({ files: files.map((f) => fileJson(f, download(base, f.id))) });
    });
}
