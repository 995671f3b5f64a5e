/**
 * A Supabase Storage stand-in on a loopback port. Point supabase-js at it as
 * at a project: `createClient(running.url, running.serviceRoleKey)` and
 * `.storage.from(bucket)`; the product does so when `SUPABASE_URL` is its URL
 * and `SUPABASE_SERVICE_ROLE_KEY` its service key.
 */
import { randomBytes } from "node:crypto";
import { listen } from "../../lib/http-server.ts";
import { createStorageApp } from "./app.ts";
import { signJwt } from "./jwt.ts";
import { type Bucket, createStorageStore, type StoredObject } from "./store.ts";

export type StorageSandboxOptions = {
  /** Buckets that exist from the start (e.g. `{ id: "deliverables", file_size_limit: "500MB" }`). */
  buckets?: {
    id: string;
    public?: boolean;
    file_size_limit?: number | string;
    allowed_mime_types?: string[];
  }[];
  /** The project's global upload limit; Supabase's Free plan allows 50 MB, Pro up to 500 GB. */
  globalFileSizeLimit?: number;
  now?: () => Date;
  port?: number;
  hostname?: string;
};

export type RunningStorageSandbox = {
  /** The project URL (what `SUPABASE_URL` would be). */
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  /** What tests may look at: the objects stored and the buckets. */
  inspect: {
    objects: () => StoredObject[];
    object: (bucket: string, name: string) => StoredObject | undefined;
    buckets: () => Bucket[];
  };
  close: () => Promise<void>;
};

export const FREE_PLAN_UPLOAD_LIMIT = 50 * 1024 * 1024;

export async function startStorageSandbox(
  options: StorageSandboxOptions = {},
): Promise<RunningStorageSandbox> {
  const now = options.now ?? (() => new Date());
  const jwtSecret = randomBytes(32).toString("hex");
  const far = Math.floor(now().getTime() / 1000) + 10 * 365 * 86_400;
  const anonKey = signJwt(jwtSecret, { iss: "supabase", role: "anon", exp: far });
  const serviceRoleKey = signJwt(jwtSecret, { iss: "supabase", role: "service_role", exp: far });
  const store = createStorageStore(now);
  for (const bucket of options.buckets ?? []) store.createBucket(bucket);
  const app = createStorageApp({
    store,
    jwtSecret,
    apiKeys: [anonKey, serviceRoleKey],
    globalFileSizeLimit: options.globalFileSizeLimit ?? FREE_PLAN_UPLOAD_LIMIT,
    now,
  });
  const server = await listen(app, { port: options.port, hostname: options.hostname });
  return {
    url: server.url,
    anonKey,
    serviceRoleKey,
    inspect: {
      objects: () => store.all(),
      object: (bucket, name) => store.all().find((o) => o.bucket === bucket && o.name === name),
      buckets: () => store.listBuckets(),
    },
    close: server.close,
  };
}
