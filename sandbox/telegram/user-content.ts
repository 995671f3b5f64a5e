import type { MessageOrigin, User } from "grammy/types";
import type { SandboxCore } from "./core.ts";
import { UserActionError } from "./errors.ts";
import { documentOf, photoSizes } from "./files.ts";
import { detectEntities } from "./formatting/index.ts";
import { sniffImage } from "./images.ts";
import { typedText } from "./incoming.ts";
import type { MessageContent } from "./methods/outgoing.ts";
import { SAMPLE_PNG, SAMPLE_VOICE, SAMPLE_WEBP } from "./sample-media.ts";

// What the media a simulated user sends looks like to the bot. The bytes are
// stored, so the bot can getFile and download them.

export type PhotoInput = { bytes?: Uint8Array; caption?: string };
export type DocumentInput = {
  bytes?: Uint8Array;
  fileName?: string;
  mimeType?: string;
  caption?: string;
};
export type VoiceInput = { duration?: number; bytes?: Uint8Array };

/** What a forwarded message claims to come from. */
export type ForwardSource = {
  text: string;
  from?: User;
  /** A sender who hides their account. */
  senderName?: string;
  channel?: { id: number; title: string; username?: string };
  messageId?: number;
  date?: number;
};

/** A photo (PNG, JPEG, GIF, WebP or BMP bytes; a tiny PNG by default). */
export function photoContent(core: SandboxCore, input: PhotoInput): MessageContent {
  const bytes = input.bytes ?? SAMPLE_PNG;
  const info = sniffImage(bytes);
  if (!info) throw new UserActionError("sendPhoto needs PNG, JPEG, GIF, WebP or BMP bytes");
  const file = core.files.add({
    kind: "photo",
    bytes,
    mimeType: info.mimeType,
    extension: info.extension,
  });
  return { photo: photoSizes(core.files, file, info), ...caption(input.caption) };
}

/** A document (a small text file by default). */
export function documentContent(core: SandboxCore, input: DocumentInput): MessageContent {
  const fileName = input.fileName ?? "document.txt";
  const file = core.files.add({
    kind: "document",
    bytes: input.bytes ?? new TextEncoder().encode("sandbox document"),
    fileName,
    mimeType: input.mimeType ?? "application/octet-stream",
    extension: fileName.split(".").pop() ?? "dat",
  });
  return { document: documentOf(file), ...caption(input.caption) };
}

/** A regular 512×512 sticker. */
export function stickerContent(core: SandboxCore, emoji = "👍"): MessageContent {
  const file = core.files.add({
    kind: "sticker",
    bytes: SAMPLE_WEBP,
    mimeType: "image/webp",
    extension: "webp",
  });
  return {
    sticker: {
      file_id: file.file_id,
      file_unique_id: file.file_unique_id,
      type: "regular",
      width: 512,
      height: 512,
      is_animated: false,
      is_video: false,
      emoji,
      file_size: file.bytes.length,
    },
  };
}

/** A voice note (Ogg/Opus). */
export function voiceContent(core: SandboxCore, input: VoiceInput): MessageContent {
  const bytes = input.bytes ?? SAMPLE_VOICE;
  const file = core.files.add({ kind: "voice", bytes, mimeType: "audio/ogg", extension: "oga" });
  return {
    voice: {
      file_id: file.file_id,
      file_unique_id: file.file_unique_id,
      duration: input.duration ?? 3,
      mime_type: "audio/ogg",
      file_size: bytes.length,
    },
  };
}

/** A forwarded text with its forward_origin. */
export function forwardContent(core: SandboxCore, source: ForwardSource): MessageContent {
  const date = source.date ?? core.unixTime() - 60;
  type ChannelOrigin = Extract<MessageOrigin, { type: "channel" }>;
  const origin: MessageOrigin = source.channel
    ? {
        type: "channel",
        date,
        chat: { ...source.channel, type: "channel" } as ChannelOrigin["chat"],
        message_id: source.messageId ?? 1,
      }
    : source.from
      ? { type: "user", date, sender_user: source.from }
      : { type: "hidden_user", date, sender_user_name: source.senderName ?? "Unknown" };
  return { ...typedText(source.text), forward_origin: origin };
}

function caption(text: string | undefined): MessageContent {
  if (!text) return {};
  const entities = detectEntities(text);
  return entities.length > 0 ? { caption: text, caption_entities: entities } : { caption: text };
}
