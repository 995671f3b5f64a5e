/**
 * JSON request bodies with parts encoded once. A knight's model request
 * carries the same few screenshots (base64, ~70 KB each) step after step,
 * and an SDK would `JSON.stringify` and UTF-8 encode every one of them on
 * every call: ~12 % of the worker's time at 200 knights. `Encoded` holds a
 * value already written as JSON bytes; `jsonBody` writes the rest of the
 * body and splices those bytes in verbatim, so the result is byte for byte
 * what `JSON.stringify` would have sent. The SDKs send a `Uint8Array` body
 * as it is (their `body` request option).
 */

/** A JSON value serialized once, to be reused in many bodies. */
export class Encoded {
  readonly bytes: Buffer;
  constructor(value: unknown) {
    this.bytes = Buffer.from(JSON.stringify(value));
  }
  /** What `JSON.stringify` sees: the value it stands for (so a stray stringify stays correct). */
  toJSON(): unknown {
    return JSON.parse(this.bytes.toString());
  }
}

const isPlain = (value: object) => {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** `JSON.stringify(value)` as UTF-8 bytes, with `Encoded` parts copied in rather than rewritten. */
export function jsonBody(value: unknown): Buffer {
  const chunks: Buffer[] = [];
  let text = "";
  const write = (v: unknown, inArray: boolean): boolean => {
    if (v instanceof Encoded) {
      chunks.push(Buffer.from(text), v.bytes);
      text = "";
      return true;
    }
    if (Array.isArray(v)) {
      text += "[";
      for (let i = 0; i < v.length; i++) {
        if (i > 0) text += ",";
        write(v[i], true);
      }
      text += "]";
      return true;
    }
    if (v !== null && typeof v === "object" && isPlain(v)) {
      text += "{";
      let first = true;
      for (const key of Object.keys(v)) {
        const item = (v as Record<string, unknown>)[key];
        if (item === undefined || typeof item === "function" || typeof item === "symbol") continue;
        text += `${first ? "" : ","}${JSON.stringify(key)}:`;
        first = false;
        write(item, false);
      }
      text += "}";
      return true;
    }
    const json = JSON.stringify(v);
    // What JSON.stringify does with a value it cannot write: null in an array.
    if (json === undefined) {
      if (inArray) text += "null";
      return false;
    }
    text += json;
    return true;
  };
  if (!write(value, false)) throw new TypeError("a request body must be a JSON value");
  chunks.push(Buffer.from(text));
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}
