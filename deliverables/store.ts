/**
 * Where delivered files are kept: a small port (`put`, `read`) like the
 * frame store's, with rows of `public.deliverables` holding the bytes inline
 * as the default (Supabase Storage can implement the same two calls and set
 * `storage_path`). `put` is idempotent per delivering step, so a step that
 * runs again finds the file it already stored.
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

export const DELIVERABLE_COLUMNS =
  "id, customer_id, task_id, seq, file_name, title, description, content_type, size_bytes::float8 as size_bytes, sha256, sent_as, created_at";

/** The embedded default: bytes in `public.deliverables`. */
export function createPostgresDeliverableStore(data: Data): DeliverableStore {
  return {
    put: (file) =>
      data.asService("deliverables: store file", async (tx) => {
        const { rows } = await tx.query<DeliverableRow>(
          `insert into public.deliverables
             (customer_id, task_id, seq, file_name, title, description, source_path, content_type, size_bytes, sha256, bytes)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
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
            file.bytes,
          ],
        );
        if (rows[0]) return rows[0];
        const { rows: existing } = await tx.query<DeliverableRow>(
          `select ${DELIVERABLE_COLUMNS} from public.deliverables where task_id = $1 and seq = $2`,
          [file.taskId, file.seq],
        );
        return existing[0]!;
      }),
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
    markSent: async (id, sentAs) => {
      await data.statementAsService(
        "deliverables: mark sent",
        "update public.deliverables set sent_as = $2 where id = $1",
        [id, sentAs],
      );
    },
  };
}
