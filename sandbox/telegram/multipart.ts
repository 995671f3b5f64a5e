// grammY writes multipart bodies by hand ("content-disposition:form-data;
// name=…;filename=photo.jpg" with no spaces or quotes), which the WHATWG
// FormData parser rejects, so the sandbox reads multipart itself.

/** One part of a multipart/form-data body. */
export type MultipartPart = {
  name: string;
  filename?: string;
  contentType?: string;
  data: Uint8Array;
};

const decoder = new TextDecoder();

/** Splits a multipart/form-data body into parts; tolerant of grammY's header style. */
export function parseMultipart(body: Uint8Array, boundary: string): MultipartPart[] {
  const delimiter = new TextEncoder().encode(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let position = indexOf(body, delimiter, 0);
  while (position !== -1) {
    let start = position + delimiter.length;
    if (body[start] === 0x2d && body[start + 1] === 0x2d) break; // closing "--"
    if (body[start] === 0x0d && body[start + 1] === 0x0a) start += 2;
    const next = indexOf(body, delimiter, start);
    if (next === -1) break;
    let end = next;
    if (body[end - 2] === 0x0d && body[end - 1] === 0x0a) end -= 2;
    const part = parsePart(body.subarray(start, end));
    if (part) parts.push(part);
    position = next;
  }
  return parts;
}

function parsePart(raw: Uint8Array): MultipartPart | undefined {
  const headerEnd = indexOf(raw, new Uint8Array([0x0d, 0x0a, 0x0d, 0x0a]), 0);
  if (headerEnd === -1) return undefined;
  const headers = decoder.decode(raw.subarray(0, headerEnd)).split("\r\n");
  let name: string | undefined;
  let filename: string | undefined;
  let contentType: string | undefined;
  for (const line of headers) {
    const colon = line.indexOf(":");
    if (colon === -1) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === "content-type") contentType = value;
    if (key !== "content-disposition") continue;
    name = dispositionParam(value, "name");
    filename = dispositionParam(value, "filename");
  }
  if (name === undefined) return undefined;
  const part: MultipartPart = { name, data: raw.subarray(headerEnd + 4) };
  if (filename !== undefined) part.filename = filename;
  if (contentType !== undefined) part.contentType = contentType;
  return part;
}

function dispositionParam(header: string, key: string): string | undefined {
  for (const piece of header.split(";")) {
    const eq = piece.indexOf("=");
    if (eq === -1 || piece.slice(0, eq).trim().toLowerCase() !== key) continue;
    const value = piece.slice(eq + 1).trim();
    return value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  }
  return undefined;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  outer: for (
    let i = haystack.indexOf(first ?? 0, from);
    i !== -1;
    i = haystack.indexOf(first ?? 0, i + 1)
  ) {
    if (i + needle.length > haystack.length) return -1;
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
