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
  expect(parseDataUrl("data:image/PNG;base64,AAAA")).toEqual({
    mediaType: "image/png",
    data: "AAAA",
  });
  expect(parseDataUrl("https://example.com/a.png")).toBeUndefined();
});
