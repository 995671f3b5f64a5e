/**
 * Files a customer sends King Mouse ("use this logo"): the one operation
 * that receives one. It is stored for the customer, and put on the desktop
 * of the knight that needs it — the customer's knight that is working or
 * waiting for an answer — through Orgo's files API (uploads land in
 * ~/Desktop, at most 10 MB). With no knight at work, the file waits and is
 * put on the desktop of the next knight that starts for the customer
 * (`placePendingFiles`, called by the loop once the VM is up).
 */
import { createHash } from "node:crypto";
import type { Data } from "../../db/index.ts";
import type { Logger } from "../../observability/index.ts";
import { ORGO_UPLOAD_MAX_BYTES, type OrgoClient, OrgoError } from "../orgo/index.ts";

export type IncomingFile = { fileName: string; contentType: string; bytes: Uint8Array };

export type ReceivedFile = {
  fileName: string;
  /** Where it went, or null when it waits for the next knight (or is too big for a desktop). */
  placed: { employeeName: string; path: string } | null;
  tooBigForDesktop: boolean;
};

type Target = {
  employee_id: string;
  employee_name: string;
  provider_id: string;
  workspace_id: string | null;
};

/** Creates the customer-file operations over the database and Orgo. */
export function createInboundFiles({
  data,
  orgo,
  logger,
}: {
  data: Data;
  orgo: OrgoClient;
  logger: Logger;
}) {
  const safeName = (name: string) =>
    name
      .replace(/[/\\\0]/g, "_")
      .replace(/^\.+/, "")
      .slice(0, 200) || "file";

  /** Uploads a stored file to a knight's desktop and records where it went. */
  async function place(fileId: string, file: IncomingFile, target: Target) {
    const uploaded = await orgo.uploadFile(
      {
        name: file.fileName,
        bytes: file.bytes,
        contentType: file.contentType,
        desktopId: target.provider_id,
      },
      target.workspace_id ? { workspaceId: target.workspace_id } : {},
    );
    const path = uploaded.path ?? `/home/user/Desktop/${uploaded.name}`;
    await data.asService("files: placed on desktop", (tx) =>
      tx.query(
        "update public.customer_files set employee_id = $2, desktop_path = $3, placed_at = now() where id = $1",
        [fileId, target.employee_id, path],
      ),
    );
    return { employeeName: target.employee_name, path };
  }

  return {
    /** Stores a file the customer sent and puts it on the desktop of the knight that needs it. */
    async receive(
      who: { userId: string; customerId: string },
      incoming: IncomingFile,
    ): Promise<ReceivedFile> {
      const file = { ...incoming, fileName: safeName(incoming.fileName) };
      const { fileId, target } = await data.asService(
        "files: receive from customer",
        async (tx) => {
          const { rows } = await tx.query<{ id: string }>(
            `insert into public.customer_files (customer_id, uploaded_by, file_name, content_type, size_bytes, sha256, bytes)
           values ($1, $2, $3, $4, $5, $6, $7) returning id`,
            [
              who.customerId,
              who.userId,
              file.fileName,
              file.contentType,
              file.bytes.length,
              createHash("sha256").update(file.bytes).digest("hex"),
              Buffer.from(file.bytes),
            ],
          );
          // The knight that needs it: one whose task is running or waiting for the customer, newest first.
          const { rows: targets } = await tx.query<Target>(
            `select e.id as employee_id, e.name as employee_name, v.provider_id, v.workspace_id
             from public.tasks t join public.employees e on e.id = t.employee_id
             join public.vms v on v.employee_id = e.id
            where t.customer_id = $1 and t.status in ('running', 'waiting_for_input')
              and v.status = 'running' and v.provider_id is not null
            order by (t.status = 'waiting_for_input') desc, t.updated_at desc limit 1`,
            [who.customerId],
          );
          return { fileId: rows[0]!.id, target: targets[0] };
        },
      );
      const tooBigForDesktop = file.bytes.length > ORGO_UPLOAD_MAX_BYTES;
      if (!target || tooBigForDesktop)
        return { fileName: file.fileName, placed: null, tooBigForDesktop };
      try {
        return {
          fileName: file.fileName,
          placed: await place(fileId, file, target),
          tooBigForDesktop,
        };
      } catch (error) {
        if (!(error instanceof OrgoError)) throw error;
        logger.warn(
          { err: error, file: fileId },
          "could not put a customer file on a desktop; it waits",
        );
        return { fileName: file.fileName, placed: null, tooBigForDesktop };
      }
    },

    /**
     * Puts the customer's files that wait for a knight on this employee's
     * desktop (called as its task starts); returns their paths.
     */
    async placePending(at: { customerId: string; employeeId: string }): Promise<string[]> {
      const { pending, target } = await data.asService("files: pending for desktop", async (tx) => {
        const { rows } = await tx.query<{
          id: string;
          file_name: string;
          content_type: string;
          bytes: Buffer;
        }>(
          `select id, file_name, content_type, bytes from public.customer_files
            where customer_id = $1 and desktop_path is null and size_bytes <= $2 order by created_at limit 20`,
          [at.customerId, ORGO_UPLOAD_MAX_BYTES],
        );
        if (rows.length === 0) return { pending: rows, target: undefined };
        const { rows: vms } = await tx.query<Target>(
          `select e.id as employee_id, e.name as employee_name, v.provider_id, v.workspace_id
             from public.employees e join public.vms v on v.employee_id = e.id
            where e.id = $1 and v.provider_id is not null`,
          [at.employeeId],
        );
        return { pending: rows, target: vms[0] };
      });
      if (!target) return [];
      const paths: string[] = [];
      for (const row of pending) {
        const placed = await place(
          row.id,
          { fileName: row.file_name, contentType: row.content_type, bytes: row.bytes },
          target,
        ).catch((err: unknown) => {
          logger.warn({ err, file: row.id }, "could not put a waiting customer file on a desktop");
          return undefined;
        });
        if (placed) paths.push(placed.path);
      }
      return paths;
    },
  };
}

export type InboundFiles = ReturnType<typeof createInboundFiles>;
