import { badRequest } from "./errors.ts";
import { parseMultipart } from "./multipart.ts";

/** A file sent in a multipart request. */
export type UploadedFile = { filename: string; contentType?: string; data: Uint8Array };

/** How a method was given a file: uploaded bytes, a URL to fetch, or a known file_id. */
export type InputFileParam =
  | { kind: "upload"; file: UploadedFile }
  | { kind: "url"; url: string }
  | { kind: "file_id"; fileId: string };

/**
 * The parameters of one Bot API call, whichever way they were sent. As in the
 * real server every value is read as if it were a string, so JSON bodies,
 * form fields and query strings behave the same.
 */
export class Params {
  readonly fields: Record<string, unknown>;
  readonly files: ReadonlyMap<string, UploadedFile>;
  constructor(
    fields: Record<string, unknown>,
    files: ReadonlyMap<string, UploadedFile> = new Map(),
  ) {
    this.fields = fields;
    this.files = files;
  }

  /** The value as a string ("" when absent); objects are re-serialised as JSON. */
  string(name: string): string {
    const value = this.fields[name];
    if (value === undefined || value === null) return "";
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  /** The value if present and non-empty. */
  optionalString(name: string): string | undefined {
    const value = this.string(name);
    return value === "" ? undefined : value;
  }

  /** An integer parameter, or `fallback` when absent or not a number. */
  int(name: string, fallback?: number): number | undefined {
    const text = this.string(name).trim();
    if (!/^[+-]?\d+$/.test(text)) return fallback;
    return Number(text);
  }

  /** Telegram's to_bool: true, "true", "1" or "yes". */
  bool(name: string): boolean {
    const value = this.fields[name];
    if (value === true || value === 1) return true;
    return ["true", "1", "yes"].includes(this.string(name).toLowerCase());
  }

  /** A JSON parameter (object or array), parsed if it came as text. */
  json(name: string, what: string): unknown {
    const value = this.fields[name];
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value !== "string") return value;
    try {
      return JSON.parse(value);
    } catch {
      throw badRequest(`can't parse ${what} JSON object`);
    }
  }

  /** A file parameter: `attach://name`, an uploaded field, a URL or a file_id. */
  file(name: string): InputFileParam | undefined {
    const direct = this.files.get(name);
    if (direct) return { kind: "upload", file: direct };
    const value = this.string(name);
    if (value === "") return undefined;
    if (value.startsWith("attach://")) {
      const attached = this.files.get(value.slice("attach://".length));
      return attached ? { kind: "upload", file: attached } : undefined;
    }
    if (/^https?:\/\//i.test(value)) return { kind: "url", url: value };
    return { kind: "file_id", fileId: value };
  }

  /** A readable copy for the call record: JSON text parsed, files summarised. */
  toRecord(): Record<string, unknown> {
    const record: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this.fields)) {
      record[key] = typeof value === "string" ? readable(value, this.files) : value;
    }
    for (const [key, file] of this.files) {
      const summary = { filename: file.filename, size: file.data.length };
      const referrer = Object.keys(this.fields).find((k) => this.fields[k] === `attach://${key}`);
      record[referrer ?? key] = summary;
    }
    return record;
  }
}

function readable(value: string, files: ReadonlyMap<string, UploadedFile>): unknown {
  if (value.startsWith("attach://") && files.has(value.slice(9))) return value;
  if (!/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Reads a Bot API request: query string plus a JSON, urlencoded or multipart body. */
export async function readParams(request: Request): Promise<Params> {
  const fields: Record<string, unknown> = {};
  const files = new Map<string, UploadedFile>();
  for (const [key, value] of new URL(request.url).searchParams) fields[key] = value;
  if (request.method !== "POST") return new Params(fields, files);

  const contentType = request.headers.get("content-type") ?? "";
  const body = new Uint8Array(await request.arrayBuffer());
  if (body.length === 0) return new Params(fields, files);

  if (contentType.includes("multipart/form-data")) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
    const key = boundary?.[1] ?? boundary?.[2];
    if (!key) throw badRequest("can't parse multipart/form-data request");
    for (const part of parseMultipart(body, key.trim())) {
      if (part.filename === undefined) {
        fields[part.name] = new TextDecoder().decode(part.data);
      } else {
        const file: UploadedFile = { filename: part.filename, data: part.data.slice() };
        if (part.contentType) file.contentType = part.contentType;
        files.set(part.name, file);
      }
    }
  } else if (contentType.includes("application/x-www-form-urlencoded")) {
    for (const [key, value] of new URLSearchParams(new TextDecoder().decode(body))) {
      fields[key] = value;
    }
  } else {
    // The Bot API treats any other body as JSON, as api.telegram.org does for JSON clients.
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(body));
    } catch {
      throw badRequest("can't parse JSON object");
    }
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
      Object.assign(fields, parsed);
    }
  }
  return new Params(fields, files);
}
