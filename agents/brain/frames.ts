import type { Data } from "../../db/index.ts";

export type FrameContent = {
  contentType: string;
  /** Present when the frame is kept in Postgres. */
  bytes?: Uint8Array;
  /** Present when the frame is in object storage (Supabase Storage). */
  storagePath?: string;
};

/**
 * The image behind a `screenshot` reply, read as the user (RLS): a frame of
 * another tenant reads as undefined, whatever id is asked for.
 */
export async function loadFrame(
  data: Data,
  userId: string,
  frameId: string,
): Promise<FrameContent | undefined> {
  return data.asUser({ sub: userId }, async (tx) => {
    const { rows } = await tx.query<{
      content_type: string;
      bytes: Buffer | null;
      storage_path: string | null;
    }>("select content_type, bytes, storage_path from public.frames where id = $1", [frameId]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      contentType: row.content_type,
      ...(row.bytes ? { bytes: new Uint8Array(row.bytes) } : {}),
      ...(row.storage_path ? { storagePath: row.storage_path } : {}),
    };
  });
}
