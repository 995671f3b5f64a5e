/**
 * The edge's side of the hand-off table (`public.edge_handoffs`): what the
 * Worker would have put on BullMQ it writes here instead, and the Node
 * worker's relay (`relay.ts`) moves it onto the queues. Both sides read the
 * payload shapes below, so they live together.
 */
import type { Update } from "grammy/types";
import type { UpdateHandoff } from "../bot/webhook.ts";
import type { Data, Tx } from "../db/scoped.ts";
import type { Notifier, OutgoingMessage } from "../notify/index.ts";

/** A message as stored: photo bytes travel as base64 inside the JSON payload. */
export type StoredMessage = Omit<OutgoingMessage, "photo"> & {
  photo?: { base64: string } | { url: string };
};

export type Handoff =
  | { kind: "telegram_update"; payload: Update }
  | { kind: "telegram_message"; payload: StoredMessage }
  | { kind: "telegram_status"; payload: { key: string; message: Omit<OutgoingMessage, "photo"> } };

/** Writes one hand-off row in the caller's transaction. */
export async function writeHandoff(tx: Tx, handoff: Handoff): Promise<void> {
  await tx.query("insert into public.edge_handoffs (kind, payload) values ($1, $2)", [
    handoff.kind,
    JSON.stringify(handoff.payload),
  ]);
}

/** The webhook route's port on the edge: the update is written with its dedupe mark. */
export function tableUpdateHandoff(): UpdateHandoff {
  return {
    kind: "transaction",
    write: (tx, update) => writeHandoff(tx, { kind: "telegram_update", payload: update }),
  };
}

/** Photo bytes to base64 without Buffer, so this file needs no Node globals. */
function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Reverses `toBase64`. */
export function fromBase64(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/** Stores an outgoing message as the JSON payload the relay reads back. */
export function storeMessage(message: OutgoingMessage): StoredMessage {
  const { photo, ...rest } = message;
  if (!photo) return rest;
  return { ...rest, photo: "bytes" in photo ? { base64: toBase64(photo.bytes) } : photo };
}

/** Reads a stored message back into the Notifier's shape. */
export function loadMessage(stored: StoredMessage): OutgoingMessage {
  const { photo, ...rest } = stored;
  if (!photo) return rest;
  return { ...rest, photo: "base64" in photo ? { bytes: fromBase64(photo.base64) } : photo };
}

/**
 * The Notifier port on the edge (the Stripe webhook's alerts, for one): each
 * message is written to the hand-off table and resolves once committed, which
 * is the port's promise ("safely queued, not yet sent").
 */
export function createHandoffNotifier(data: Data): Notifier {
  return {
    send: (message) =>
      data.asService("edge: hand off message", (tx) =>
        writeHandoff(tx, { kind: "telegram_message", payload: storeMessage(message) }),
      ),
    status: (key, message) =>
      data.asService("edge: hand off status", (tx) =>
        writeHandoff(tx, { kind: "telegram_status", payload: { key, message } }),
      ),
  };
}
