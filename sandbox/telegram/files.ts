import type { Document, PhotoSize } from "grammy/types";
import type { ImageInfo } from "./images.ts";

/** What a file is, which decides its file_id prefix and storage folder. */
export type FileKind = "photo" | "document" | "sticker" | "voice" | "video" | "audio" | "animation";

/** A file the sandbox holds, by file_id. */
export type StoredFile = {
  file_id: string;
  file_unique_id: string;
  file_path: string;
  kind: FileKind;
  bytes: Uint8Array;
  file_name?: string;
  mime_type?: string;
  /** For photos: the size list every file_id of this photo answers with. */
  sizes?: PhotoSize[];
  /** For animations: what the sandbox read from the GIF. */
  animation?: { width: number; height: number; durationMs: number; frames: number };
};

/** Every uploaded or user-sent file, readable back by tests and served to bots. */
export type FileStore = {
  add(input: {
    kind: FileKind;
    bytes: Uint8Array;
    fileName?: string;
    mimeType?: string;
    extension?: string;
  }): StoredFile;
  /** Another file_id for the same bytes (how photo sizes share one upload). */
  alias(file: StoredFile): StoredFile;
  get(fileId: string): StoredFile | undefined;
  byPath(path: string): StoredFile | undefined;
  /** The bytes behind a file_id, for assertions. */
  read(fileId: string): Uint8Array | undefined;
};

const PREFIX: Record<FileKind, string> = {
  photo: "AgACAgIAAxkBAA",
  document: "BQACAgIAAxkBAA",
  sticker: "CAACAgIAAxkBAA",
  voice: "AwACAgIAAxkBAA",
  video: "BAACAgIAAxkBAA",
  audio: "CQACAgIAAxkBAA",
  animation: "CgACAgIAAxkBAA",
};
const FOLDER: Record<FileKind, string> = {
  photo: "photos",
  document: "documents",
  sticker: "stickers",
  voice: "voice",
  video: "videos",
  audio: "music",
  animation: "animations",
};

/** Creates an in-memory file store. */
export function createFileStore(): FileStore {
  const byId = new Map<string, StoredFile>();
  const byPath = new Map<string, StoredFile>();
  let counter = 0;

  const register = (file: StoredFile) => {
    byId.set(file.file_id, file);
    byPath.set(file.file_path, file);
    return file;
  };
  const ids = (kind: FileKind) => {
    const n = ++counter;
    const tag = n.toString(36).padStart(6, "0");
    return {
      file_id: `${PREFIX[kind]}${tag}${"sandbox".repeat(2)}${(n * 7919).toString(36)}`,
      file_unique_id: `AQAD${tag}`,
      n,
    };
  };

  return {
    add({ kind, bytes, fileName, mimeType, extension }) {
      const { file_id, file_unique_id, n } = ids(kind);
      const ext = extension ?? fileName?.split(".").pop() ?? "dat";
      const file: StoredFile = {
        file_id,
        file_unique_id,
        kind,
        bytes,
        file_path: `${FOLDER[kind]}/file_${n}.${ext}`,
      };
      if (fileName !== undefined) file.file_name = fileName;
      if (mimeType !== undefined) file.mime_type = mimeType;
      return register(file);
    },
    alias(file) {
      const { file_id, file_unique_id } = ids(file.kind);
      return register({ ...file, file_id, file_unique_id });
    },
    get: (fileId) => byId.get(fileId),
    byPath: (path) => byPath.get(path),
    read: (fileId) => byId.get(fileId)?.bytes,
  };
}

/**
 * Telegram answers a photo with several sizes, smallest first. The sandbox
 * does not resample: each size has its own file_id and scaled dimensions, and
 * all of them download the original bytes.
 */
export function photoSizes(files: FileStore, original: StoredFile, info: ImageInfo): PhotoSize[] {
  const longest = Math.max(info.width, info.height);
  const sizes: PhotoSize[] = [];
  for (const target of [90, 320, 800]) {
    if (target >= longest) break;
    const scale = target / longest;
    const alias = files.alias(original);
    sizes.push({
      file_id: alias.file_id,
      file_unique_id: alias.file_unique_id,
      width: Math.max(1, Math.round(info.width * scale)),
      height: Math.max(1, Math.round(info.height * scale)),
      file_size: original.bytes.length,
    });
  }
  sizes.push({
    file_id: original.file_id,
    file_unique_id: original.file_unique_id,
    width: info.width,
    height: info.height,
    file_size: original.bytes.length,
  });
  for (const size of sizes) {
    const file = files.get(size.file_id);
    if (file) file.sizes = sizes;
  }
  return sizes;
}

/** The Document object of a stored file. */
export function documentOf(file: StoredFile): Document {
  return {
    file_id: file.file_id,
    file_unique_id: file.file_unique_id,
    ...(file.file_name ? { file_name: file.file_name } : {}),
    ...(file.mime_type ? { mime_type: file.mime_type } : {}),
    file_size: file.bytes.length,
  };
}
