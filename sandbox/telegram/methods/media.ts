import { badRequest } from "../errors.ts";
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
    if (source.bytes.length > DOCUMENT_MAX_BYTES) throw badRequest("file is too big");
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
