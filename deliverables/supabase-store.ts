/**
 * Delivered files in Supabase Storage, when the project's URL and service
 * role key are configured: the bytes go to a private bucket through
 * supabase-js's storage client, the row in `public.deliverables` names them
 * by `storage_path` (and carries no bytes), and downloads are short-lived
 * signed URLs the dashboard redirects to after it has checked, under RLS,
 * that the caller may read the row.
 *
 * Objects are keyed `<customer>/<task>/<step>`: deterministic, so a step
 * performed again overwrites its own upload instead of leaving a second
 * one, and free of the file's name (Storage refuses keys with characters
 * outside its set, which real file names often have; the name stays in the
 * row and in the signed URL's `download`).
 */
import { createClient } from "@supabase/supabase-js";
import type { Data } from "../db/index.ts";
import {
  type DeliverableStore,
  markDeliverableSent,
  recordDeliverable,
  type StoredFileLinks,
  storedForStep,
} from "./store.ts";

/** How long a download link the dashboard redirects to stays valid. */
export const SIGNED_URL_TTL_SECONDS = 60;

/** Storage answered a request with an error (size limit, MIME rule, missing bucket, …). */
export class DeliverableStorageError extends Error {
  readonly status: number | undefined;
  /** Storage's error code, e.g. `EntityTooLarge`, `NoSuchKey`. */
  readonly code: string | undefined;
  constructor(message: string, options: { status?: number; code?: string; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = "DeliverableStorageError";
    this.status = options.status;
    this.code = options.code;
  }
  /** A refusal no retry will change (4xx), as opposed to an outage. */
  get refused(): boolean {
    return this.status !== undefined && this.status >= 400 && this.status < 500;
  }
}

type StorageFailure = { message: string; status?: number; statusCode?: string; code?: string };

function storageError(what: string, error: StorageFailure): DeliverableStorageError {
  const status = error.status ?? (Number(error.statusCode) || undefined);
  return new DeliverableStorageError(`${what}: ${error.message}`, {
    ...(status !== undefined ? { status } : {}),
    ...(error.code ? { code: error.code } : {}),
    cause: error,
  });
}

export type SupabaseDeliverableDeps = {
  data: Data;
  /** The project URL (`SUPABASE_URL`). */
  url: string;
  serviceRoleKey: string;
  bucket: string;
};

/** The Storage-backed store and its signed download links. */
export function createSupabaseDeliverableStorage(deps: SupabaseDeliverableDeps): {
  store: DeliverableStore;
  links: StoredFileLinks;
} {
  const { data } = deps;
  const storage = createClient(deps.url, deps.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  }).storage;
  const files = () => storage.from(deps.bucket);

  // The bucket is made private on first use if the project does not have it yet.
  let ready: Promise<void> | undefined;
  const ensureBucket = () => {
    ready ??= (async () => {
      const found = await storage.getBucket(deps.bucket);
      if (!found.error) return;
      if (found.error.status !== 404 && (found.error as StorageFailure).statusCode !== "404")
        throw storageError(`Reading bucket ${deps.bucket} failed`, found.error);
      const made = await storage.createBucket(deps.bucket, { public: false });
      if (made.error && made.error.status !== 409)
        throw storageError(`Creating bucket ${deps.bucket} failed`, made.error);
    })().catch((error) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };

  const store: DeliverableStore = {
    async put(file) {
      const stored = await storedForStep(data, file.taskId, file.seq);
      if (stored) return stored;
      await ensureBucket();
      const storagePath = `${file.customerId}/${file.taskId}/${file.seq}`;
      const { error } = await files().upload(storagePath, file.bytes, {
        contentType: file.contentType,
        cacheControl: "31536000",
        upsert: true,
      });
      if (error) throw storageError("Storing the file failed", error);
      return recordDeliverable(data, file, { storagePath });
    },
    async read(id) {
      const row = await data.asService("deliverables: read file", async (tx) => {
        const { rows } = await tx.query<{
          bytes: Buffer | null;
          storage_path: string | null;
          file_name: string;
          content_type: string;
        }>(
          "select bytes, storage_path, file_name, content_type from public.deliverables where id = $1",
          [id],
        );
        return rows[0];
      });
      if (!row) return undefined;
      const meta = { fileName: row.file_name, contentType: row.content_type };
      // Rows stored before Storage was configured keep their bytes inline.
      if (row.bytes) return { bytes: Buffer.from(row.bytes), ...meta };
      if (!row.storage_path) return undefined;
      const { data: blob, error } = await files().download(row.storage_path);
      if (error) {
        if (error.status === 404 || (error as StorageFailure).statusCode === "404")
          return undefined;
        throw storageError("Reading the file failed", error);
      }
      return { bytes: Buffer.from(await blob.arrayBuffer()), ...meta };
    },
    markSent: (id, sentAs) => markDeliverableSent(data, id, sentAs),
  };

  const links: StoredFileLinks = {
    async signedUrl(storagePath, fileName) {
      const { data: signed, error } = await files().createSignedUrl(
        storagePath,
        SIGNED_URL_TTL_SECONDS,
        { download: fileName },
      );
      if (error) throw storageError("Signing a download link failed", error);
      return signed.signedUrl;
    },
  };

  return { store, links };
}
