import { expect, test } from "vitest";
import { Encoded, jsonBody } from "./json-body.ts";

const image = { type: "base64", media_type: "image/png", data: "iVBORw0KGgo".repeat(1_000) };

test("a body with encoded parts is byte for byte what JSON.stringify writes", () => {
  const body = {
    model: "m",
    system: [
      { type: "text", text: 'quotes " and \\ and ünïcode ✓ and \u2028', skipped: undefined },
    ],
    messages: [
      {
        role: "user",
        content: [
          { type: "image", source: image },
          { type: "text", text: "" },
        ],
      },
      { role: "assistant", content: [{ type: "tool_use", input: { x: 1.5, y: -2, ok: true } }] },
      {
        role: "user",
        content: [{ type: "tool_result", content: [{ type: "image", source: image }] }],
      },
    ],
    nothing: null,
    at: new Date(0),
    list: [undefined, () => 1, 3],
    empty: {},
  };
  expect(jsonBody(body).toString()).toBe(JSON.stringify(body));
  // The same body with its images encoded once (the parse has turned the Date into its string).
  const plain = JSON.parse(JSON.stringify(body));
  const encoded = JSON.parse(JSON.stringify(body), (_key, value) =>
    value?.data === image.data ? new Encoded(value) : value,
  );
  expect(jsonBody(encoded).toString()).toBe(JSON.stringify(plain));
});

test("encoded parts are copied, not rewritten, and a stray stringify still sees their value", () => {
  const part = new Encoded(image);
  const body = jsonBody({ a: [part, part] });
  expect(body.length).toBe(`{"a":[,]}`.length + 2 * part.bytes.length);
  expect(JSON.parse(body.toString())).toEqual({ a: [image, image] });
  expect(JSON.stringify({ part })).toBe(JSON.stringify({ part: image }));
});

test("a body that is not a JSON value is refused", () => {
  expect(() => jsonBody(undefined)).toThrow(TypeError);
});
