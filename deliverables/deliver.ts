/**
 * Delivering a file a knight made: the one operation behind the knights'
 * `deliver_file` tool. It exports the file from the desktop through Orgo's
 * files API, checks it against the customer's plan, stores it for the
 * customer, and says how it should reach the chat — a Telegram document up
 * to Telegram's 50 MB for bots, a signed dashboard link above that. The
 * caller (the knight loop) sends the message; storing is idempotent per
 * step, so a step performed twice keeps one file.
 */
import { posix } from "node:path";
import { type OrgoClient, OrgoError, OrgoNotFoundError } from "../agents/orgo/index.ts";
import { planFor } from "../billing/index.ts";
import type { Data } from "../db/index.ts";
import { signedDownloadPath } from "./links.ts";
import type { DeliverableRow, DeliverableStore } from "./store.ts";
import { DeliverableStorageError } from "./supabase-store.ts";

/** What Telegram lets a bot send as a document. */
export const TELEGRAM_DOCUMENT_MAX_BYTES = 50 * 1024 * 1024;
const HOME = "/home/user";
const MB = 1024 * 1024;

export type DeliverRequest = {
  /** The acting knight's task. */
  task: { id: string; customer_id: string };
  seq: number;
  computerId: string;
  path: string;
  title: string;
  description?: string;
  signal?: AbortSignal;
};

export type Delivered = {
  ok: true;
  deliverable: DeliverableRow;
  /** `document`: send the bytes; `link`: send `url` (a signed dashboard link). */
  sendAs: "document" | "link";
  url: string;
};
export type NotDelivered = { ok: false; error: string };

export type DeliverDeps = {
  data: Data;
  orgo: OrgoClient;
  store: DeliverableStore;
  appSecret: string;
  /** The dashboard's public origin, for links. */
  publicUrl: string;
};

/** Creates `deliverFile`, the knights' file hand-over. */
export function createDeliverFile(deps: DeliverDeps) {
  const { data, orgo, store } = deps;
  const base = deps.publicUrl.replace(/\/+$/, "");

  const limitOf = (customerId: string) =>
    data.asService("deliverables: plan limit", async (tx) => {
      const { rows } = await tx.query<{ plan: string }>(
        "select plan from public.customers where id = $1",
        [customerId],
      );
      return planFor(rows[0]?.plan ?? "free").maxDeliverableBytes;
    });

  return async function deliverFile(request: DeliverRequest): Promise<Delivered | NotDelivered> {
    const absolute = posix.resolve(HOME, request.path.replace(/^~(?=\/|$)/, HOME));
    if (!absolute.startsWith(`${HOME}/`))
      return {
        ok: false,
        error: `Only files inside ${HOME} can be delivered (${request.path} is not)`,
      };
    const relative = posix.relative(HOME, absolute);
    const call = request.signal ? { signal: request.signal } : {};
    const limit = await limitOf(request.task.customer_id);
    let bytes: Buffer;
    try {
      const exported = await orgo.exportFile(request.computerId, relative, call);
      if (exported.file.size > limit) return tooBig(exported.file.size, limit);
      bytes = (await orgo.downloadFile(exported.url, call)).bytes;
    } catch (error) {
      if (request.signal?.aborted) throw error;
      if (error instanceof OrgoNotFoundError)
        return { ok: false, error: `There is no file at ${absolute} on the desktop` };
      if (error instanceof OrgoError)
        return { ok: false, error: `Exporting ${absolute} failed: ${error.message}` };
      throw error;
    }
    if (bytes.length > limit) return tooBig(bytes.length, limit);
    const fileName = posix.basename(absolute);
    let deliverable: DeliverableRow;
    try {
      deliverable = await store.put({
        customerId: request.task.customer_id,
        taskId: request.task.id,
        seq: request.seq,
        fileName,
        title: request.title,
        ...(request.description ? { description: request.description } : {}),
        sourcePath: absolute,
        contentType: contentTypeOf(fileName),
        bytes,
      });
    } catch (error) {
      // Object storage refusing the file (its size limit, a MIME rule) is the model's to read;
      // an outage is thrown, so the step is retried.
      if (error instanceof DeliverableStorageError && error.refused)
        return { ok: false, error: `The file could not be stored: ${error.message}` };
      throw error;
    }
    return {
      ok: true,
      deliverable,
      sendAs: deliverable.size_bytes <= TELEGRAM_DOCUMENT_MAX_BYTES ? "document" : "link",
      url: `${base}${signedDownloadPath(deps.appSecret, deliverable.id)}`,
    };
  };
}

export type DeliverFile = ReturnType<typeof createDeliverFile>;

function tooBig(size: number, limit: number): NotDelivered {
  return {
    ok: false,
    error: `The file is ${(size / MB).toFixed(1)} MB; the customer's plan allows files up to ${Math.round(limit / MB)} MB`,
  };
}

const TYPES: Record<string, string> = {
  csv: "text/csv",
  txt: "text/plain",
  md: "text/markdown",
  json: "application/json",
  pdf: "application/pdf",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  zip: "application/zip",
  html: "text/html",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

/** A content type from a file name (what a download should say it is). */
export function contentTypeOf(name: string): string {
  return TYPES[posix.extname(name).slice(1).toLowerCase()] ?? "application/octet-stream";
}
