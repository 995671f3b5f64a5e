/** The sandbox's buckets and objects, in memory, with Storage's naming rules and limits. */
import { createHash, randomUUID } from "node:crypto";
import { storageErrors } from "./errors.ts";

export type Bucket = {
  id: string;
  name: string;
  owner: string;
  public: boolean;
  /** Bytes, or null: only the project's global limit applies. */
  file_size_limit: number | null;
  allowed_mime_types: string[] | null;
  created_at: string;
  updated_at: string;
};

export type StoredObject = {
  id: string;
  bucket: string;
  name: string;
  bytes: Buffer;
  contentType: string;
  cacheControl: string;
  etag: string;
  createdAt: Date;
  updatedAt: Date;
};

// Storage's own rules (`src/storage/limits.ts`): keys of these characters, bucket names likewise.
const VALID_KEY = /^(\w|\/|!|-|\.|\*|'|\(|\)| |&|\$|@|=|;|:|\+|,|\?)*$/;
const VALID_BUCKET = /^(\w|!|-|\.|\*|'|\(|\)| |&|\$|@|=|;|:|\+|,|\?)*$/;

/** `50MB`, `1GB`, `1024` (bytes) → bytes, as Storage reads `file_size_limit`. */
export function parseSize(value: unknown): number | null {
  if (value === undefined || value === null || value === "" || value === 0) return null;
  if (typeof value === "number") return value;
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(String(value).trim());
  if (!match) throw storageErrors.invalidRequest(`Invalid file size limit: ${value}`);
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[
    (match[2] ?? "b").toLowerCase() as "b"
  ];
  return Math.floor(Number(match[1]) * unit);
}

export function createStorageStore(now: () => Date) {
  const buckets = new Map<string, Bucket>();
  const objects = new Map<string, StoredObject>();
  const keyOf = (bucket: string, name: string) => `${bucket}/${name}`;

  const bucket = (id: string) => {
    const found = buckets.get(id);
    if (!found) throw storageErrors.noSuchBucket();
    return found;
  };

  return {
    createBucket(input: {
      id: string;
      public?: boolean;
      file_size_limit?: unknown;
      allowed_mime_types?: string[] | null;
    }): Bucket {
      if (!input.id || input.id.length > 100 || !VALID_BUCKET.test(input.id))
        throw storageErrors.invalidBucketName(input.id);
      if (buckets.has(input.id)) throw storageErrors.bucketAlreadyExists();
      const at = now().toISOString();
      const created: Bucket = {
        id: input.id,
        name: input.id,
        owner: "",
        public: input.public ?? false,
        file_size_limit: parseSize(input.file_size_limit),
        allowed_mime_types: input.allowed_mime_types?.length ? input.allowed_mime_types : null,
        created_at: at,
        updated_at: at,
      };
      buckets.set(created.id, created);
      return created;
    },
    bucket,
    listBuckets: () => [...buckets.values()],
    put(
      bucketId: string,
      name: string,
      file: { bytes: Buffer; contentType: string; cacheControl: string },
      { upsert, globalLimit }: { upsert: boolean; globalLimit: number },
    ): StoredObject {
      const target = bucket(bucketId);
      if (!name || name.length > 1024 || !VALID_KEY.test(name))
        throw storageErrors.invalidKey(name);
      const limit = Math.min(globalLimit, target.file_size_limit ?? Number.POSITIVE_INFINITY);
      if (file.bytes.length > limit) throw storageErrors.entityTooLarge();
      if (target.allowed_mime_types && !mimeAllowed(target.allowed_mime_types, file.contentType))
        throw storageErrors.invalidMimeType(file.contentType);
      const existing = objects.get(keyOf(bucketId, name));
      if (existing && !upsert) throw storageErrors.keyAlreadyExists();
      const at = now();
      const stored: StoredObject = {
        id: existing?.id ?? randomUUID(),
        bucket: bucketId,
        name,
        bytes: file.bytes,
        contentType: file.contentType,
        cacheControl: file.cacheControl,
        etag: `"${createHash("md5").update(file.bytes).digest("hex")}"`,
        createdAt: existing?.createdAt ?? at,
        updatedAt: at,
      };
      objects.set(keyOf(bucketId, name), stored);
      return stored;
    },
    get(bucketId: string, name: string): StoredObject {
      bucket(bucketId);
      const found = objects.get(keyOf(bucketId, name));
      if (!found) throw storageErrors.noSuchKey();
      return found;
    },
    /** Removes what exists of `names`; returns what was removed. */
    remove(bucketId: string, names: string[]): StoredObject[] {
      bucket(bucketId);
      const removed: StoredObject[] = [];
      for (const name of names) {
        const found = objects.get(keyOf(bucketId, name));
        if (found) {
          objects.delete(keyOf(bucketId, name));
          removed.push(found);
        }
      }
      return removed;
    },
    /** Every object, for tests to inspect. */
    all: () => [...objects.values()],
  };
}

export type StorageStore = ReturnType<typeof createStorageStore>;

function mimeAllowed(allowed: string[], type: string): boolean {
  const base = type.split(";")[0]!.trim().toLowerCase();
  return allowed.some((pattern) => {
    const p = pattern.toLowerCase();
    return p.endsWith("/*") ? base.startsWith(p.slice(0, -1)) : p === base;
  });
}

/** The FileObject shape storage-js lists and `remove` returns. */
export function fileObject(o: StoredObject) {
  return {
    name: o.name,
    bucket_id: o.bucket,
    owner: "",
    id: o.id,
    updated_at: o.updatedAt.toISOString(),
    created_at: o.createdAt.toISOString(),
    last_accessed_at: o.updatedAt.toISOString(),
    metadata: {
      eTag: o.etag,
      size: o.bytes.length,
      mimetype: o.contentType,
      cacheControl: o.cacheControl,
      lastModified: o.updatedAt.toISOString(),
      contentLength: o.bytes.length,
      httpStatusCode: 200,
    },
  };
}
