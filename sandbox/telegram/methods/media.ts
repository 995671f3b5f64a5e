import { BotApiError, badRequest } from "../errors.ts";
import { documentOf, type FileKind, photoSizes, type StoredFile } from "../files.ts";
import { sniffImage } from "../images.ts";
import { readReplyMarkup } from "../reply-markup.ts";
import { resolveChat } from "./chat-access.ts";
import type { MethodContext, MethodHandler } from "./context.ts";
import { captionContent, postBotMessage, readCaption } from "./outgoing.ts";

const MB = 1024 * 1024;
const PHOTO_MAX_BYTES = 10 * MB;
const DOCUMENT_MAX_BYTES = 50 * MB;
const DOWNLOAD_MAX_BYTES = 20 * MB;
const MIME_TYPES: Record<string, string> = {
  pdf: "application/pdf",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  txt: "text/plain",
  csv: "text/csv",
  json: "application/json",
  html: "text/html",
  zip: "application/zip",
  mp4: "video/mp4",
  ogg: "audio/ogg",
  mp3: "audio/mpeg",
};

type Source = { bytes: Uint8Array; filename?: string } | { existing: StoredFile };

/** Reads a file parameter: uploaded bytes, a URL the sandbox fetches, or a known file_id. */
async function readFile(context: MethodContext, name: string, kind: FileKind): Promise<Source> {
  const input = context.params.file(name);
  if (!input) throw badRequest(`there is no ${name} in the request`);
  if (input.kind === "upload") return { bytes: input.file.data, filename: input.file.filename };
  if (input.kind === "url") {
    try {
      const response = await context.core.settings.fetch(input.url);
      if (!response.ok) throw new Error(String(response.status));
      const filename = new URL(input.url).pathname.split("/").pop() || undefined;
      return {
        bytes: new Uint8Array(await response.arrayBuffer()),
        ...(filename ? { filename } : {}),
      };
    } catch {
      throw badRequest("failed to get HTTP URL content");
    }
  }
  const existing = context.core.files.get(input.fileId);
  if (!existing) throw badRequest("wrong file identifier/HTTP URL specified");
  if (existing.kind !== kind) {
    throw badRequest(`can't use file of type ${title(existing.kind)} as ${title(kind)}`);
  }
  return { existing };
}

/** sendPhoto: uploaded (multipart), by URL or by file_id; images are checked like Telegram does. */
export const sendPhoto: MethodHandler = async (context) => {
  const chat = resolveChat(context, { forSending: true });
  const caption = readCaption(context);
  const markup = readReplyMarkup(context.params);
  const source = await readFile(context, "photo", "photo");
  let sizes = "existing" in source ? source.existing.sizes : undefined;
  if (!sizes) {
    const bytes = "existing" in source ? source.existing.bytes : source.bytes;
    if (bytes.length === 0) throw badRequest("file must be non-empty");
    if (bytes.length > PHOTO_MAX_BYTES) throw badRequest("file is too big");
    const info = sniffImage(bytes);
    if (!info) throw badRequest("IMAGE_PROCESS_FAILED");
    const ratio = Math.max(info.width, info.height) / Math.min(info.width, info.height);
    if (info.width + info.height > 10_000 || ratio > 20)
      throw badRequest("PHOTO_INVALID_DIMENSIONS");
    const stored = context.core.files.add({
      kind: "photo",
      bytes,
      mimeType: info.mimeType,
      extension: info.extension,
    });
    sizes = photoSizes(context.core.files, stored, info);
  }
  return postBotMessage(
    context,
    chat,
    {
      photo: sizes,
      ...captionContent(caption),
      ...(context.params.bool("has_spoiler") ? { has_media_spoiler: true } : {}),
    },
    markup,
  );
};

/** sendDocument: uploaded, by URL or by file_id; the file name sets the MIME type. */
export const sendDocument: MethodHandler = async (context) => {
  const chat = resolveChat(context, { forSending: true });
  const caption = readCaption(context);
  const markup = readReplyMarkup(context.params);
  const source = await readFile(context, "document", "document");
  let file: StoredFile;
  if ("existing" in source) file = source.existing;
  else {
    if (source.bytes.length === 0) throw badRequest("file must be non-empty");
    if (source.bytes.length > DOCUMENT_MAX_BYTES) throw tooLarge();
    const fileName = source.filename ?? "document.dat";
    const extension = fileName.includes(".") ? (fileName.split(".").pop() ?? "dat") : "dat";
    file = context.core.files.add({
      kind: "document",
      bytes: source.bytes,
      fileName,
      mimeType: MIME_TYPES[extension.toLowerCase()] ?? "application/octet-stream",
      extension,
    });
  }
  return postBotMessage(
    context,
    chat,
    { document: documentOf(file), ...captionContent(caption) },
    markup,
  );
};

/**
 * sendAnimation: a GIF, or an H.264/MPEG-4 video without sound (checked by
 * their magic bytes: `GIF8`, an MP4 `ftyp` box). Telegram shows it as an
 * autoplaying animation; the message carries both `animation` and
 * `document`. Anything else Telegram sends as a plain document, and so does
 * the sandbox. Same size limits as documents.
 */
export const sendAnimation: MethodHandler = async (context) => {
  const chat = resolveChat(context, { forSending: true });
  const caption = readCaption(context);
  const markup = readReplyMarkup(context.params);
  const source = await readFile(context, "animation", "animation");
  let file: StoredFile;
  if ("existing" in source) file = source.existing;
  else {
    if (source.bytes.length === 0) throw badRequest("file must be non-empty");
    if (source.bytes.length > DOCUMENT_MAX_BYTES) throw tooLarge();
    const gif = sniffGif(source.bytes);
    const mp4 = !gif && isMp4(source.bytes);
    const fileName = source.filename ?? (gif ? "animation.gif" : "animation.mp4");
    if (!gif && !mp4) {
      const document = context.core.files.add({
        kind: "document",
        bytes: source.bytes,
        fileName,
        mimeType: "application/octet-stream",
      });
      return postBotMessage(
        context,
        chat,
        { document: documentOf(document), ...captionContent(caption) },
        markup,
      );
    }
    file = context.core.files.add({
      kind: "animation",
      bytes: source.bytes,
      fileName,
      mimeType: gif ? "image/gif" : "video/mp4",
      extension: gif ? "gif" : "mp4",
    });
    file.animation = gif ?? { width: 0, height: 0, durationMs: 0, frames: 0 };
  }
  const info = file.animation ?? { width: 0, height: 0, durationMs: 0, frames: 0 };
  const animation = {
    ...documentOf(file),
    width: info.width,
    height: info.height,
    duration: Math.round(info.durationMs / 1000),
  };
  return postBotMessage(
    context,
    chat,
    { animation, document: documentOf(file), ...captionContent(caption) },
    markup,
  );
};

/** Telegram's answer to an upload over the bot limit. */
function tooLarge() {
  return new BotApiError(413, "Request Entity Too Large");
}

/** Size, frame count and total delay of a GIF, by walking its blocks; undefined if it is not one. */
export function sniffGif(bytes: Uint8Array) {
  const head = Buffer.from(bytes.subarray(0, 6)).toString("latin1");
  if (head !== "GIF87a" && head !== "GIF89a") return undefined;
  const width = bytes[6]! | (bytes[7]! << 8);
  const height = bytes[8]! | (bytes[9]! << 8);
  let at = 13;
  if (bytes[10]! & 0x80) at += 3 * (1 << ((bytes[10]! & 7) + 1));
  let frames = 0;
  let delay = 0;
  const skipBlocks = () => {
    while (at < bytes.length && bytes[at] !== 0) at += bytes[at]! + 1;
    at += 1;
  };
  while (at < bytes.length) {
    const block = bytes[at]!;
    if (block === 0x3b) break;
    if (block === 0x21) {
      if (bytes[at + 1] === 0xf9) delay += (bytes[at + 4]! | (bytes[at + 5]! << 8)) * 10;
      at += 2;
      skipBlocks();
    } else if (block === 0x2c) {
      frames += 1;
      const packed = bytes[at + 9]!;
      at += 10;
      if (packed & 0x80) at += 3 * (1 << ((packed & 7) + 1));
      at += 1; // LZW minimum code size
      skipBlocks();
    } else return undefined;
  }
  return { width, height, frames, durationMs: delay };
}

function isMp4(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(4, 8)).toString("latin1") === "ftyp";
}

/** getFile: the file_path to download from /file/bot<token>/. */
export const getFile: MethodHandler = (context) => {
  const fileId = context.params.string("file_id");
  if (fileId === "") throw badRequest("file_id not specified");
  const file = context.core.files.get(fileId);
  if (!file) throw badRequest("invalid file_id");
  if (file.bytes.length > DOWNLOAD_MAX_BYTES) throw badRequest("file is too big");
  return {
    file_id: file.file_id,
    file_unique_id: file.file_unique_id,
    file_size: file.bytes.length,
    file_path: file.file_path,
  };
};

function title(kind: string): string {
  return kind.charAt(0).toUpperCase() + kind.slice(1);
}
