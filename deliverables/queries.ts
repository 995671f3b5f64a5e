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

/** One delivered file with its bytes, if the caller may read it. */
export function readDeliverable(
  data: Data,
  userId: string,
  id: string,
): Promise<(DeliverableRow & { bytes: Buffer }) | undefined> {
  return data.asUser({ sub: userId }, async (tx) => {
    const { rows } = await tx.query<DeliverableRow & { bytes: Buffer | null }>(
      `select ${DELIVERABLE_COLUMNS}, bytes from public.deliverables where id = $1`,
      [id],
    );
    const row = rows[0];
    return row?.bytes ? { ...row, bytes: Buffer.from(row.bytes) } : undefined;
  });
}
