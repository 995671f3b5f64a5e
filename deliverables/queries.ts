/** Delivered files as the signed-in caller sees them, under RLS (another customer's: nothing). */
import type { Data } from "../db/index.ts";
import { DELIVERABLE_COLUMNS, type DeliverableRow } from "./store.ts";

/** The files delivered for a task, in step order. */
export function listDeliverables(
  data: Data,
  userId: string,
  taskId: string,
): Promise<DeliverableRow[]> {
  return data.asUser({ sub: userId }, async (tx) => {
    const { rows } = await tx.query<DeliverableRow>(
      `select ${DELIVERABLE_COLUMNS} from public.deliverables where task_id = $1 order by seq`,
      [taskId],
    );
    return rows;
  });
}

/**
 * One delivered file, if the caller may read it: with its bytes when they
 * are kept inline, else with the `storage_path` object storage keeps them under.
 */
export function readDeliverable(
  data: Data,
  userId: string,
  id: string,
): Promise<
  | (DeliverableRow &
      ({ bytes: Buffer; storage_path?: never } | { storage_path: string; bytes?: never }))
  | undefined
> {
  return data.asUser({ sub: userId }, async (tx) => {
    const { rows } = await tx.query<
      DeliverableRow & { bytes: Buffer | null; storage_path: string | null }
    >(`select ${DELIVERABLE_COLUMNS}, bytes, storage_path from public.deliverables where id = $1`, [
      id,
    ]);
    const row = rows[0];
    if (!row) return undefined;
    const { bytes, storage_path, ...rest } = row;
    if (bytes) return { ...rest, bytes: Buffer.from(bytes) };
    return storage_path ? { ...rest, storage_path } : undefined;
  });
}
