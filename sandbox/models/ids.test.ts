import { expect, test } from "vitest";
import { contentDigest } from "./ids.ts";

test("equal content gives one digest, whatever the key order and cache_control", () => {
  const image = "iVBORw0KGgo".repeat(40_000); // a screenshot-sized string
  const a = { type: "image", source: { type: "base64", media_type: "image/png", data: image } };
  const b = {
    source: { data: image, media_type: "image/png", type: "base64" },
    type: "image",
    cache_control: { type: "ephemeral" },
  };
  expect(contentDigest(b, "cache_control")).toBe(contentDigest(a, "cache_control"));
  expect(contentDigest(b)).not.toBe(contentDigest(a));
  // Dropped at any depth: a tool_result's inner blocks carry breakpoints too.
  const inner = (extra: object) => ({
    type: "tool_result",
    content: [{ type: "text", text: "done", ...extra }],
  });
  expect(contentDigest(inner({ cache_control: { type: "ephemeral" } }), "cache_control")).toBe(
    contentDigest(inner({}), "cache_control"),
  );
  expect(contentDigest({ a: 1, b: undefined })).toBe(contentDigest({ a: 1 }));
});

test("different content gives different digests", () => {
  const long = "x".repeat(300);
  const variants = [
    long,
    `${long}y`,
    [long],
    [long, ""],
    ["a", "b"],
    ["a,b"],
    ["a", ["b"]],
    { a: "b" },
    { "a:b": null },
    { a: null },
    { a: [] },
    { a: {} },
    "null",
    null,
    1,
    "1",
    [long.slice(0, 150), long.slice(150)],
    { [long]: long },
  ];
  const digests = new Set(variants.map((v) => contentDigest(v)));
  expect(digests.size).toBe(variants.length);
  // An image's bytes matter even where the rest of the block is the same.
  const png = (data: string) => ({ type: "image", source: { type: "base64", data } });
  expect(contentDigest(png(`A${long}`))).not.toBe(contentDigest(png(`B${long}`)));
});
