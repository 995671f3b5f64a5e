import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServedSandbox, serveSandbox } from "./test-client.ts";

let sandbox: ServedSandbox;

beforeAll(async () => {
  sandbox = await serveSandbox();
});
afterAll(() => sandbox.server.close());

async function screenshot(id: string): Promise<Buffer> {
  const reply = await sandbox.call("GET", `/computers/${id}/screenshot`);
  expect(reply.status).toBe(200);
  const { image } = reply.body as { image: string };
  if (image.startsWith("data:image/png;base64,")) return Buffer.from(image.slice(22), "base64");
  if (image.startsWith("http")) {
    // Served like a signed storage URL: a plain GET, no API key.
    const response = await fetch(image);
    expect(response.headers.get("content-type")).toBe("image/png");
    return Buffer.from(await response.arrayBuffer());
  }
  return Buffer.from(image, "base64");
}

/** How many pixels differ between two PNGs inside a box. */
function changedPixels(
  a: Buffer,
  b: Buffer,
  box: { x: number; y: number; w: number; h: number },
): number {
  const pa = PNG.sync.read(a);
  const pb = PNG.sync.read(b);
  let changed = 0;
  for (let y = box.y; y < box.y + box.h; y++) {
    for (let x = box.x; x < box.x + box.w; x++) {
      const i = (y * pa.width + x) * 4;
      if (
        pa.data[i] !== pb.data[i] ||
        pa.data[i + 1] !== pb.data[i + 1] ||
        pa.data[i + 2] !== pb.data[i + 2]
      )
        changed++;
    }
  }
  return changed;
}

// Where the editor shows the first lines of its document on a 1280×720 screen.
const EDITOR_TEXT = { x: 130, y: 90, w: 500, h: 60 };

describe("screenshots", () => {
  it("are 1280×720 PNGs in Orgo's shape, served from the image URL", async () => {
    const { id } = await sandbox.computer("shape");
    const reply = await sandbox.call("GET", `/computers/${id}/screenshot`);
    expect(reply.body).toEqual({
      success: true,
      image: expect.stringMatching(
        /^http:\/\/127\.0\.0\.1:\d+\/api\/_sandbox\/screenshots\/[\w-]+\.png$/,
      ),
      metadata: {
        id: expect.any(String),
        timestamp: expect.stringMatching(/Z$/),
        size: expect.any(Number),
      },
    });
    const png = Buffer.from(await (await fetch(reply.body.image)).arrayBuffer());
    expect(png.length).toBe(reply.body.metadata.size);
    expect(png.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    const decoded = PNG.sync.read(png);
    expect([decoded.width, decoded.height]).toEqual([1280, 720]);
  });

  it("stay byte-identical while nothing happens and change where text is typed", async () => {
    const { id } = await sandbox.computer("typing");
    const first = await screenshot(id);
    const second = await screenshot(id);
    expect(second.equals(first)).toBe(true);

    await sandbox.call("POST", `/computers/${id}/type`, { text: "Hello from the knight" });
    const typed = await screenshot(id);
    expect(typed.equals(first)).toBe(false);
    expect(changedPixels(first, typed, EDITOR_TEXT)).toBeGreaterThan(300);

    await sandbox.call("POST", `/computers/${id}/wait`, { seconds: 0 });
    const waited = await screenshot(id);
    // Even a wait is a step: the status bar moves on, the text stays.
    expect(waited.equals(typed)).toBe(false);
    expect(changedPixels(typed, waited, EDITOR_TEXT)).toBe(0);
    expect(sandbox.inspect.screenshotCount(id)).toBe(4);
  });

  it("show the pointer where the last click landed", async () => {
    const { id } = await sandbox.computer("pointer");
    const before = await screenshot(id);
    await sandbox.call("POST", `/computers/${id}/click`, { x: 1000, y: 600 });
    const after = await screenshot(id);
    expect(changedPixels(before, after, { x: 1000, y: 600, w: 12, h: 19 })).toBeGreaterThan(20);
  });

  it("come in all three documented forms with the same pixels", async () => {
    const { id } = await sandbox.computer("forms");
    const byUrl = await screenshot(id);
    try {
      sandbox.configure({ screenshotFormat: "data-url" });
      const dataUrl = await sandbox.call("GET", `/computers/${id}/screenshot`);
      expect(dataUrl.body.image).toMatch(/^data:image\/png;base64,/);
      expect(await screenshot(id)).toEqual(byUrl);
      sandbox.configure({ screenshotFormat: "base64" });
      const bare = await sandbox.call("GET", `/computers/${id}/screenshot`);
      expect(bare.body.image).toMatch(/^iVBORw0KGgo/);
      expect(await screenshot(id)).toEqual(byUrl);
    } finally {
      sandbox.configure({ screenshotFormat: "url" });
    }
  });

  it("follow the computer's resolution", async () => {
    const { id } = await sandbox.computer("small", { resolution: "800x600x24" });
    const decoded = PNG.sync.read(await screenshot(id));
    expect([decoded.width, decoded.height]).toEqual([800, 600]);
  });

  it("are not counted when served by the live view", async () => {
    const { id } = await sandbox.computer("live");
    const computer = (await sandbox.call("GET", `/computers/${id}`)).body;
    const page = await fetch(computer.connection_url);
    expect(await page.text()).toContain("screen.png");
    const live = await fetch(`${computer.connection_url}/screen.png`);
    expect(PNG.sync.read(Buffer.from(await live.arrayBuffer())).width).toBe(1280);
    expect(sandbox.inspect.screenshotCount(id)).toBe(0);
  });
});

describe("screenshot URLs", () => {
  it("expire by age, like signed URLs, not because other desktops took screenshots", async () => {
    let clock = Date.parse("2026-04-07T10:00:00Z");
    const served = await serveSandbox({ now: () => clock, screenshotUrlTtlMs: 60_000 });
    try {
      const { id } = await served.computer("expiry");
      const urlOf = async () =>
        ((await served.call("GET", `/computers/${id}/screenshot`)).body as { image: string }).image;
      const first = await urlOf();
      // Many more screenshots than the old count-based limit kept (500), within the minute.
      for (let i = 0; i < 600; i++) await urlOf();
      clock += 59_000;
      expect((await fetch(first)).status).toBe(200);
      clock += 2_000;
      expect((await fetch(first)).status).toBe(404);
    } finally {
      await served.server.close();
    }
  });
});
