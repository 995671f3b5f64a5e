/**
 * The port through which knights, billing and the brain reach a customer on
 * Telegram without knowing about grammY. The bot implements it on top of its
 * rate-limited outbox queue.
 */
export type InlineButton = {
  text: string;
  callbackData?: string;
  url?: string;
  /** An HTTPS page opened as a Telegram Mini App. */
  webApp?: string;
};

export type OutgoingMessage = {
  chatId: number;
  /** Plain text; the implementation escapes it. */
  text: string;
  buttons?: InlineButton[][];
  /** A PNG or JPEG to send as a photo with `text` as its caption. */
  photo?: { bytes: Uint8Array } | { url: string };
  /**
   * A stored file to send as a Telegram document (≤ 50 MB) with `text` as its
   * caption. Only its id travels through the queue; the sender reads the
   * bytes from a `DocumentSource` when it sends.
   */
  document?: { id: string; fileName: string };
  /** A GIF or silent MP4 (a few MB at most) to send with `sendAnimation`, `text` as its caption. */
  animation?: { bytes: Uint8Array; fileName: string };
};

/** Where the sender reads a document's bytes at send time. */
export type DocumentSource = {
  read: (id: string) => Promise<{ bytes: Uint8Array; fileName: string } | undefined>;
};

export type Notifier = {
  /** Queues a message for delivery; resolves once it is safely queued (not yet sent). */
  send: (message: OutgoingMessage) => Promise<void>;
  /**
   * Shows `text` in one status message per `key` (e.g. a task id): the first
   * call sends it, later ones edit it in place, at most one edit per 3 s per chat.
   */
  status: (key: string, message: Omit<OutgoingMessage, "photo">) => Promise<void>;
};
export { loginsButton, WATCH_TEXTS, watchButton } from "./watch-button.ts";
