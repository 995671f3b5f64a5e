/**
 * Where delivered files are kept: a small port (`put`, `read`, `markSent`)
 * like the frame store's. The embedded default keeps the bytes inline in
 * `public.deliverables`; with Supabase configured, `supabase-store.ts` keeps
 * them in Storage and the row names them by `storage_path`. Either way `put`
 * is idempotent per delivering step, so a step that runs again finds the
 * file it already stored.
 */
import { createHash } from "node:crypto";
import type { Data } from "../db/index.ts";

export type NewDeliverable = {
  customerId: string;
  taskId: string;
  seq: number;
  fileName: string;
  title: string;
  description?: string;
  sourcePath: string;
  contentType: string;
  bytes: Buffer;
};

export type DeliverableRow = {
  id: string;
  customer_id: string;
  task_id: string;
  seq: number;
  file_name: string;
  title: string;
  description: string | null;
  content_type: string;
  size_bytes: number;
  sha256: string;
  sent_as: "document" | "link" | null;
  created_at: Date;
};

export type DeliverableStore = {
  /** Stores the file of step `seq` of a task, or returns the one that step already stored. */
  put: (file: NewDeliverable) => Promise<DeliverableRow>;
  /** The bytes and name of a stored file (service path: callers check access first). */
  read: (
    id: string,
  ) => Promise<{ bytes: Buffer; fileName: string; contentType: string } | undefined>;
  /** Records how the file reached the chat. */
  markSent: (id: string, sentAs: "document" | "link") => Promise<void>;
};

/**
 * Short-lived download URLs for files kept in object storage. The dashboard
 * checks the caller's access under RLS first and only then redirects there.
 */
export type StoredFileLinks = {
  signedUrl: (storagePath: string, fileName: string) => Promise<string>;
};

export const DELIVERABLE_COLUMNS =
  "id, customer_id, task_id, seq, file_name, title, description, content_type, size_bytes::float8 as size_bytes, sha256, sent_as, created_at";

/** A delivering step's row, if it stored one already (service path). */
export function storedForStep(
  data: Data,
  taskId: string,
  seq: number,
): Promise<DeliverableRow | undefined> {
  return data.asService("deliverables: find step's file", async (tx) => {
    const { rows } = await tx.query<DeliverableRow>(
      `select ${DELIVERABLE_COLUMNS} from public.deliverables where task_id = $1 and seq = $2`,
      [taskId, seq],
    );
    return rows[0];
  });
}

/**
 * Writes a delivered file's row — its bytes inline, or where object storage
 * keeps them — unless its step wrote one already, and returns the step's row.
 */
export function recordDeliverable(
  data: Data,
  file: NewDeliverable,
  where: { bytes: Buffer } | { storagePath: string },
): Promise<DeliverableRow> {
  return data.asService("deliverables: store file", async (tx) => {
    const { rows } = await tx.query<DeliverableRow>(
      `insert into public.deliverables
         (customer_id, task_id, seq, file_name, title, description, source_path, content_type, size_bytes, sha256, bytes, storage_path)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       on conflict (task_id, seq) do nothing
       returning ${DELIVERABLE_COLUMNS}`,
      [
        file.customerId,
        file.taskId,
        file.seq,
        file.fileName,
        file.title,
        file.description ?? null,
        file.sourcePath,
        file.contentType,
        file.bytes.length,
        createHash("sha256").update(file.bytes).digest("hex"),
        "bytes" in where ? where.bytes : null,
        "storagePath" in where ? where.storagePath : null,
      ],
    );
    if (rows[0]) return rows[0];
    const { rows: existing } = await tx.query<DeliverableRow>(
      `select ${DELIVERABLE_COLUMNS} from public.deliverables where task_id = $1 and seq = $2`,
      [file.taskId, file.seq],
    );
    return existing[0]!;
  });
}

/** Records how a file reached the chat. */
export async function markDeliverableSent(
  data: Data,
  id: string,
  sentAs: "document" | "link",
): Promise<void> {
  await data.statementAsService(
    "deliverables: mark sent",
    "update public.deliverables set sent_as = $2 where id = $1",
    [id, sentAs],
  );
}

/** The embedded default: bytes in `public.deliverables`. */
export function createPostgresDeliverableStore(data: Data): DeliverableStore {
  return {
    put: (file) => recordDeliverable(data, file, { bytes: file.bytes }),
    read: (id) =>
      data.asService("deliverables: read file", async (tx) => {
        const { rows } = await tx.query<{
          bytes: Buffer | null;
          file_name: string;
          content_type: string;
        }>("select bytes, file_name, content_type from public.deliverables where id = $1", [id]);
        const row = rows[0];
        return row?.bytes
          ? {
              bytes: Buffer.from(row.bytes),
              fileName: row.file_name,
              contentType: row.content_type,
            }
          : undefined;
      }),
    markSent: (id, sentAs) => markDeliverableSent(data, id, sentAs),
  };
}
