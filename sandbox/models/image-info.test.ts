import { expect, test } from "vitest";
import { decodeBase64Strict, parseDataUrl, sniffImage } from "./image-info.ts";
import { jpegHeader, pngBase64 } from "./test-fixtures.ts";

test("PNG, JPEG, GIF and WebP headers give type and size", () => {
  expect(sniffImage(Buffer.from(pngBase64(320, 200), "base64"))).toEqual({
    mediaType: "image/png",
    width: 320,
    height: 200,
  });
  expect(sniffImage(jpegHeader(1280, 800))).toEqual({
    mediaType: "image/jpeg",
    width: 1280,
    height: 800,
  });

  const gif = Buffer.alloc(16);
  gif.write("GIF89a", 0, "latin1");
  gif.writeUInt16LE(640, 6);
  gif.writeUInt16LE(480, 8);
  expect(sniffImage(gif)).toEqual({ mediaType: "image/gif", width: 640, height: 480 });

  const webp = Buffer.alloc(32);
  webp.write("RIFF", 0, "latin1");
  webp.write("WEBPVP8X", 8, "latin1");
  webp.writeUIntLE(1919, 24, 3);
  webp.writeUIntLE(1079, 27, 3);
  expect(sniffImage(webp)).toEqual({ mediaType: "image/webp", width: 1920, height: 1080 });

  expect(sniffImage(Buffer.from("plain text, not an image"))).toBeUndefined();
});

test("base64 is decoded strictly and data URLs are split", () => {
  expect(decodeBase64Strict("aGVsbG8=")?.toString()).toBe("hello");
  expect(decodeBase64Strict("aGVsbG8")).toBeUndefined();
  expect(decodeBase64Strict("not base64!!")).toBeUndefined();
  expect(decodeBase64Strict("")).toBeUndefined();
  expect(decodeBase64Strict("aGk=")?.toString()).toBe("hi");
  expect(decodeBase64Strict("aA==")?.toString()).toBe("h");
  for (const bad of ["aGVsbG8=\n", "a===", "=aGk", "aG=k", "aGk-", "aGk_", "aA= ="])
    expect(decodeBase64Strict(bad)).toBeUndefined();
  for (const bad of ["aGk\u00e9", "aGk\u0100", "aG\u{1f600}", "aGk\0", "aGk*", "aGk."])
    expect(decodeBase64Strict(bad)).toBeUndefined();
  expect(parseDataUrl("data:image/PNG;base64,AAAA")).toEqual({
    mediaType: "image/png",
    data: "AAAA",
  });
  expect(parseDataUrl("https://example.com/a.png")).toBeUndefined();
});

/** The definition, one character at a time: what the decoder must accept. */
function isStrictBase64(data: string): boolean {
  if (data.length === 0 || data.length % 4 !== 0) return false;
  return /^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/.test(data);
}

test("strict base64 agrees with its definition on mangled input", () => {
  const inserts = [
    "-",
    "_",
    "=",
    "==",
    " ",
    "\n",
    "\r\n",
    "\u00e9",
    "\u0100",
    "\u{1f600}",
    "\0",
    "*",
    "A",
  ];
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return Math.floor((seed / 2 ** 31) * n); // the high bits: an LCG's low bits cycle
  };
  for (let t = 0; t < 20_000; t++) {
    let text = Buffer.from(Array.from({ length: random(20) }, () => random(256))).toString(
      "base64",
    );
    for (let k = random(3); k > 0; k--) {
      const at = random(text.length + 1);
      const insert = inserts[random(inserts.length)]!;
      text =
        random(2) === 0
          ? text.slice(0, at) + insert + text.slice(at)
          : text.slice(0, at) + insert + text.slice(at + insert.length);
    }
    const decoded = decodeBase64Strict(text);
    expect(decoded !== undefined, JSON.stringify(text)).toBe(isStrictBase64(text));
    if (decoded) expect(decoded.toString("base64").length).toBe(text.length);
  }
});
