/**
 * Supabase Storage's REST surface under `/storage/v1`, as storage-js calls
 * it: buckets (create, get, list), objects (upload with `x-upsert`, update,
 * download, remove by prefixes), and signed URLs (`POST /object/sign/…`
 * answers `{ signedURL }`; `GET /object/sign/…?token=` serves the bytes to
 * anyone holding the link, with `download=<name>` as an attachment).
 *
 * In front of it sits what Supabase's API gateway checks: an `apikey` header
 * that is one of the project's keys (401 otherwise), then Storage's own
 * `Authorization: Bearer <jwt>` (400 InvalidJWT when forged or expired). Only
 * the service role bypasses row-level security; the sandbox has no policies
 * on `storage.objects`, so another role's writes are refused with the
 * policy error and its reads find nothing — as a private bucket behaves.
 */
import { Hono, type MiddlewareHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { StorageSandboxError, storageErrors } from "./errors.ts";
import { signJwt, verifyJwt } from "./jwt.ts";
import { fileObject, type StorageStore } from "./store.ts";

export type StorageAppDeps = {
  store: StorageStore;
  jwtSecret: string;
  /** The project's API keys (anon, service role) the gateway accepts. */
  apiKeys: string[];
  /** The project's global upload limit in bytes (Supabase Free: 50 MB). */
  globalFileSizeLimit: number;
  now: () => Date;
};

type Env = { Variables: { role: string } };

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

function gateway(deps: StorageAppDeps): MiddlewareHandler<Env> {
  return async function gateway(c, next) {
    const apikey = c.req.header("apikey") ?? c.req.query("apikey");
    if (!apikey) return c.json({ message: "No API key found in request" }, 401);
    if (!deps.apiKeys.includes(apikey)) return c.json({ message: "Invalid API key" }, 401);
    const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (!bearer) throw storageErrors.missingAuthorization();
    const verified = verifyJwt(deps.jwtSecret, bearer, seconds(deps.now()));
    if (!verified.ok) throw storageErrors.invalidJwt(verified.reason);
    c.set("role", String(verified.payload.role ?? "anon"));
    await next();
    return undefined;
  };
}

/** Serves an object's bytes as Storage does, as an attachment when `download` is given. */
function serve(
  object: {
    bytes: Buffer;
    contentType: string;
    cacheControl: string;
    etag: string;
    updatedAt: Date;
  },
  download: string | undefined,
): Response {
  const headers: Record<string, string> = {
    "content-type": object.contentType,
    "content-length": String(object.bytes.length),
    "cache-control": object.cacheControl,
    etag: object.etag,
    "last-modified": object.updatedAt.toUTCString(),
  };
  if (download !== undefined) {
    const name = encodeURIComponent(download);
    headers["content-disposition"] =
      download === "" ? "attachment;" : `attachment; filename=${name}; filename*=UTF-8''${name};`;
  }
  return new Response(new Uint8Array(object.bytes), { status: 200, headers });
}

export function createStorageApp(deps: StorageAppDeps) {
  const { store } = deps;
  const api = new Hono<Env>();

  // Signed URLs need no key: the token is the permission.
  api.get("/object/sign/:bucket/:path{.+}", (c) => {
    const token = c.req.query("token");
    if (!token)
      throw storageErrors.invalidRequest("querystring must have required property 'token'");
    const verified = verifyJwt(deps.jwtSecret, token, seconds(deps.now()));
    if (!verified.ok) throw storageErrors.invalidJwt(verified.reason);
    const key = `${c.req.param("bucket")}/${c.req.param("path")}`;
    if (verified.payload.url !== key) throw storageErrors.invalidJwt("Invalid signature");
    return serve(store.get(c.req.param("bucket"), c.req.param("path")), c.req.query("download"));
  });

  api.use("*", gateway(deps));
  const serviceOnly = (role: string, denied: () => StorageSandboxError) => {
    if (role !== "service_role") throw denied();
  };

  api.post("/bucket", async (c) => {
    serviceOnly(c.get("role"), storageErrors.rowLevelSecurity);
    const body = await c.req.json().catch(() => ({}));
    const created = store.createBucket({ ...body, id: String(body.id ?? body.name ?? "") });
    return c.json({ name: created.name });
  });
  api.get("/bucket", (c) => c.json(c.get("role") === "service_role" ? store.listBuckets() : []));
  api.get("/bucket/:id", (c) => {
    serviceOnly(c.get("role"), storageErrors.noSuchBucket);
    return c.json(store.bucket(c.req.param("id")));
  });

  api.post("/object/sign/:bucket/:path{.+}", async (c) => {
    serviceOnly(c.get("role"), storageErrors.noSuchKey);
    const { expiresIn } = await c.req.json().catch(() => ({}));
    if (!Number.isInteger(expiresIn) || expiresIn < 1)
      throw storageErrors.invalidRequest("body/expiresIn must be >= 1");
    const [bucket, path] = [c.req.param("bucket"), c.req.param("path")];
    store.get(bucket, path);
    const iat = seconds(deps.now());
    const token = signJwt(deps.jwtSecret, { url: `${bucket}/${path}`, iat, exp: iat + expiresIn });
    return c.json({ signedURL: `/object/sign/${encodeURI(`${bucket}/${path}`)}?token=${token}` });
  });

  const upload = (upsertDefault: boolean | "update") =>
    (async (c) => {
      serviceOnly(c.get("role"), storageErrors.rowLevelSecurity);
      const [bucket, path] = [c.req.param("bucket")!, c.req.param("path")!];
      const target = store.bucket(bucket);
      const declared = Number(c.req.header("content-length"));
      const limit = Math.min(deps.globalFileSizeLimit, target.file_size_limit ?? Infinity);
      // Refused before the body is read, as the server's stream limit does.
      if (Number.isFinite(declared) && declared > limit + 64 * 1024)
        throw storageErrors.entityTooLarge();
      const type = c.req.header("content-type") ?? "application/octet-stream";
      let bytes: Buffer;
      let contentType = type;
      let cacheControl = c.req.header("cache-control") ?? "no-cache";
      if (type.startsWith("multipart/form-data")) {
        const form = await c.req.formData();
        const file = [...form.values()].find((v): v is File => typeof v !== "string");
        if (!file) throw storageErrors.invalidRequest("No file in the form");
        bytes = Buffer.from(await file.arrayBuffer());
        contentType = file.type || "application/octet-stream";
        const cc = form.get("cacheControl");
        if (typeof cc === "string") cacheControl = `max-age=${cc}`;
      } else bytes = Buffer.from(await c.req.arrayBuffer());
      if (upsertDefault === "update") store.get(bucket, path);
      const upsert = upsertDefault === "update" || c.req.header("x-upsert") === "true";
      const stored = store.put(
        bucket,
        path,
        { bytes, contentType, cacheControl },
        { upsert, globalLimit: deps.globalFileSizeLimit },
      );
      return c.json({ Id: stored.id, Key: `${bucket}/${path}` });
    }) satisfies (c: import("hono").Context<Env>) => Promise<Response>;

  api.post("/object/:bucket/:path{.+}", upload(false));
  api.put("/object/:bucket/:path{.+}", upload("update"));

  const download: (c: import("hono").Context<Env>) => Response = (c) => {
    serviceOnly(c.get("role"), storageErrors.noSuchKey);
    return serve(store.get(c.req.param("bucket")!, c.req.param("path")!), c.req.query("download"));
  };
  api.get("/object/authenticated/:bucket/:path{.+}", download);
  api.get("/object/:bucket/:path{.+}", download);

  api.delete("/object/:bucket", async (c) => {
    serviceOnly(c.get("role"), storageErrors.rowLevelSecurity);
    const { prefixes } = await c.req.json().catch(() => ({}));
    if (!Array.isArray(prefixes) || prefixes.length === 0 || prefixes.length > 1000)
      throw storageErrors.invalidRequest("body/prefixes must NOT have fewer than 1 items");
    const names = prefixes.map((p: unknown) =>
      typeof p === "string" ? p : String((p as { path?: string }).path ?? ""),
    );
    return c.json(store.remove(c.req.param("bucket"), names).map(fileObject));
  });

  const app = new Hono();
  app.route("/storage/v1", api);
  app.notFound((c) =>
    c.json(
      {
        statusCode: "404",
        error: "Not Found",
        message: `Route ${c.req.method}:${c.req.path} not found`,
      },
      404,
    ),
  );
  app.onError((error, c) => {
    if (error instanceof StorageSandboxError)
      return c.json(error.body, error.status as ContentfulStatusCode);
    return c.json(
      {
        statusCode: "500",
        code: "InternalError",
        error: "internal",
        message: "Internal Server Error",
      },
      500,
    );
  });
  return app;
}
