import type { Data } from "../../db/index.ts";
import { type Cursor, decodeCursor, type Page, toPage } from "./pagination.ts";

export type CustomerRow = {
  id: string;
  name: string;
  status: string;
  plan: string;
  reseller_id: string | null;
  created_at: Date;
};

/** Every customer the caller may read (own, its reseller's, or all for admins), newest first. */
export async function listCustomers(
  data: Data,
  userId: string,
  { cursor, limit = 50, resellerId }: { cursor?: string; limit?: number; resellerId?: string } = {},
): Promise<Page<CustomerRow>> {
  const after: Cursor | undefined = decodeCursor(cursor);
  const rows = await data.asUser({ sub: userId }, async (tx) => {
    const params: unknown[] = [limit + 1];
    const where = ["true"];
    if (resellerId) where.push(`c.reseller_id = $${params.push(resellerId)}`);
    if (after) {
      where.push(
        `(c.created_at, c.id) < ($${params.push(after.t)}::timestamptz, $${params.push(after.id)}::uuid)`,
      );
    }
    const { rows } = await tx.query<CustomerRow & { cursor_ts: string }>(
      `select c.id, c.name, c.status::text as status, c.plan, c.reseller_id, c.created_at,
              c.created_at::text as cursor_ts
         from public.customers c where ${where.join(" and ")}
        order by c.created_at desc, c.id desc limit $1`,
      params,
    );
    return rows;
  });
  return toPage(rows, limit);
}
