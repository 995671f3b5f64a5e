import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningOrgoSandbox, startOrgoSandbox } from "../../sandbox/orgo/index.ts";
import {
  createOrgoClient,
  OrgoAuthError,
  OrgoDesktopUnavailableError,
  OrgoNotFoundError,
  OrgoTimeoutError,
  OrgoUnreachableError,
  OrgoUpstreamError,
} from "./index.ts";

let served: RunningOrgoSandbox;
let waits: number[];
const client = (extra: { timeoutMs?: number; apiKey?: string } = {}) =>
  createOrgoClient({
    apiKey: extra.apiKey ?? "sk_sandbox",
    baseUrl: served.baseUrl,
    timeoutMs: extra.timeoutMs ?? 5_000,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });

beforeAll(async () => {
  served = await startOrgoSandbox();
});
afterAll(() => served.close());

async function newComputer(name: string) {
  waits = [];
  const orgo = client();
  const workspaceId = await orgo.ensureWorkspace("mouse-test");
  const computer = await orgo.createComputer({ workspaceId, name });
  return { orgo, workspaceId, computer };
}

describe("lifecycle", () => {
  it("creates a computer, finds it by name, stops, starts and deletes it", async () => {
    const { orgo, workspaceId, computer } = await newComputer("life-1");
    expect(computer.status).toBe("running");
    expect(await orgo.ensureWorkspace("mouse-test")).toBe(workspaceId);
    expect((await orgo.findComputerByName("life-1", workspaceId))?.id).toBe(computer.id);
    expect(await orgo.findComputerByName("nobody", workspaceId)).toBeUndefined();

    await orgo.stopComputer(computer.id);
    expect((await orgo.waitForStatus(computer.id, ["stopped"])).status).toBe("stopped");
    await orgo.startComputer(computer.id);
    expect((await orgo.waitForStatus(computer.id, ["running"])).status).toBe("running");

    await orgo.deleteComputer(computer.id);
    const error = await orgo.getComputer(computer.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrgoNotFoundError);
    expect((error as OrgoNotFoundError).status).toBe(404);
    expect((error as OrgoNotFoundError).requestId).toMatch(/^req_/);
  });

  it("falls back to stop + start when restart answers 405", async () => {
    const { orgo, computer } = await newComputer("life-2");
    served.sandbox.inject({ route: "restart", status: 405 });
    await orgo.restartComputer(computer.id);
    expect((await orgo.waitForStatus(computer.id, ["running"])).status).toBe("running");
    const paths = served.sandbox.inspect
      .requests()
      .filter((r) => r.path.startsWith(`/api/computers/${computer.id}/`) && r.method === "POST")
      .map((r) => `${r.path.split("/").at(-1)} ${r.status}`);
    expect(paths).toEqual(["restart 405", "stop 200", "start 200"]);
  });

  it("classifies a bad key and a stopped desktop", async () => {
    const { orgo, computer } = await newComputer("life-3");
    const auth = await client({ apiKey: "sk_wrong" })
      .getComputer(computer.id)
      .catch((e: unknown) => e);
    expect(auth).toBeInstanceOf(OrgoAuthError);
    await orgo.stopComputer(computer.id);
    await orgo.waitForStatus(computer.id, ["stopped"]);
    const down = await orgo.click(computer.id, { x: 1, y: 1 }).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(OrgoDesktopUnavailableError);
    expect((down as OrgoDesktopUnavailableError).maybePerformed).toBe(false);
  });
});

describe("actions", () => {
  it("clicks, types, presses keys, scrolls, drags, waits and runs bash", async () => {
    const { orgo, computer } = await newComputer("act-1");
    await orgo.click(computer.id, { x: 100, y: 120, double: true });
    await orgo.type(computer.id, "hello orgo");
    await orgo.key(computer.id, "ctrl+a");
    await orgo.scroll(computer.id, { direction: "down", amount: 2, x: 10, y: 10 });
    await orgo.drag(computer.id, { startX: 1, startY: 2, endX: 30, endY: 40 });
    await orgo.wait(computer.id, 0);
    const ok = await orgo.bash(computer.id, "echo hi");
    const failed = await orgo.bash(computer.id, "false");
    expect(ok).toMatchObject({ output: expect.stringContaining("hi"), exitCode: 0 });
    expect(failed.exitCode).not.toBe(0);
    expect(served.sandbox.inspect.actions(computer.id).map((a) => a.type)).toEqual([
      "click",
      "type",
      "key",
      "scroll",
      "drag",
      "wait",
      "bash",
      "bash",
    ]);
  });
});

describe("screenshots", () => {
  for (const format of ["url", "data-url", "base64"] as const) {
    it(`reads a ${format} screenshot as PNG bytes with its size`, async () => {
      const { orgo, computer } = await newComputer(`shot-${format}`);
      served.sandbox.configure({ screenshotFormat: format });
      try {
        const shot = await orgo.screenshot(computer.id);
        expect(shot.contentType).toBe("image/png");
        expect([shot.width, shot.height]).toEqual([1280, 720]);
        expect(shot.bytes.equals(served.sandbox.inspect.renderScreen(computer.id))).toBe(true);
      } finally {
        served.sandbox.configure({ screenshotFormat: "url" });
      }
    });
  }

  it("detects JPEG by its magic bytes whatever the data URL claims", async () => {
    const jpeg = Buffer.from(
      "ffd8ffe000104a46494600010100000100010000ffc0001108002d003c03012200021101031101ffd9",
      "hex",
    );
    const orgo = createOrgoClient({
      apiKey: "k",
      baseUrl: "http://orgo.invalid/api",
      fetch: async () =>
        Response.json({ success: true, image: `data:image/png;base64,${jpeg.toString("base64")}` }),
    });
    const shot = await orgo.screenshot("c1");
    expect(shot).toMatchObject({ contentType: "image/jpeg", width: 60, height: 45 });
  });
});

describe("retries", () => {
  it("retries 503 with 1 s, 2 s backoff and performs the click once", async () => {
    const { orgo, computer } = await newComputer("retry-1");
    served.sandbox.inject({ route: "click", computerId: computer.id, status: 503, times: 2 });
    await orgo.click(computer.id, { x: 5, y: 5 });
    expect(waits).toEqual([1_000, 2_000]);
    expect(served.sandbox.inspect.actions(computer.id)).toHaveLength(1);
  });

  it("gives up on 503 after 1, 2, 4 s", async () => {
    const { orgo, computer } = await newComputer("retry-2");
    served.sandbox.inject({ route: "key", computerId: computer.id, status: 503, times: 10 });
    const error = await orgo.key(computer.id, "Return").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrgoUnreachableError);
    expect(waits).toEqual([1_000, 2_000, 4_000]);
    served.sandbox.clearFaults();
  });

  it("never repeats a click that failed after it landed", async () => {
    const { orgo, computer } = await newComputer("retry-3");
    served.sandbox.inject({ route: "click", computerId: computer.id, status: 500, phase: "after" });
    const error = await orgo.click(computer.id, { x: 5, y: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrgoUpstreamError);
    expect((error as OrgoUpstreamError).maybePerformed).toBe(true);
    expect(waits).toEqual([]);
    expect(served.sandbox.inspect.actions(computer.id)).toHaveLength(1);
  });

  it("reports a timed-out keystroke as maybe performed and does not resend it", async () => {
    const { computer } = await newComputer("retry-4");
    const orgo = client({ timeoutMs: 100 });
    served.sandbox.inject({ route: "type", computerId: computer.id, delayMs: 400, phase: "after" });
    const error = await orgo.type(computer.id, "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrgoTimeoutError);
    expect((error as OrgoTimeoutError).maybePerformed).toBe(true);
    await new Promise((r) => setTimeout(r, 450));
    expect(served.sandbox.inspect.actions(computer.id)).toHaveLength(1);
  });

  it("retries a timed-out screenshot, which is only a read", async () => {
    const { computer } = await newComputer("retry-5");
    const orgo = client({ timeoutMs: 100 });
    served.sandbox.inject({ route: "screenshot", computerId: computer.id, delayMs: 400 });
    const shot = await orgo.screenshot(computer.id);
    expect(shot.width).toBe(1280);
    expect(waits).toEqual([1_000]);
  });

  it("honours Retry-After on 429", async () => {
    const { orgo, computer } = await newComputer("retry-6");
    served.sandbox.inject({ route: "click", computerId: computer.id, status: 429 });
    await orgo.click(computer.id, { x: 5, y: 5 });
    expect(waits).toEqual([1_000]);
    expect(served.sandbox.inspect.actions(computer.id)).toHaveLength(1);
  });
});

describe("files", () => {
  it("exports what a command wrote, byte for byte, through a signed URL", async () => {
    const { orgo, workspaceId, computer } = await newComputer("files-1");
    await orgo.bash(
      computer.id,
      "echo 'supplier,price' > findings.csv && echo 'Acme,12' >> findings.csv",
    );
    await orgo.bash(computer.id, "head -c 300000 /dev/urandom > Documents/blob.bin");
    const disk = served.sandbox.inspect.readFile(computer.id, "/home/user/Documents/blob.bin")!;

    const csv = await orgo.exportFile(computer.id, "findings.csv");
    expect(csv.file).toMatchObject({ name: "findings.csv", size: 23, content_type: "text/csv" });
    expect(csv.url).toMatch(/expires=\d+&signature=[0-9a-f]{64}$/);
    expect((await orgo.downloadFile(csv.url)).bytes.toString()).toBe("supplier,price\nAcme,12\n");
    const blob = await orgo.exportFile(computer.id, "/home/user/Documents/blob.bin");
    expect((await orgo.downloadFile(blob.url)).bytes.equals(disk)).toBe(true);

    // Flip the signature's first hex digit (never a no-op).
    const forged = blob.url.replace(
      /signature=(.)/,
      (_, c: string) => `signature=${c === "0" ? "1" : "0"}`,
    );
    expect((await fetch(forged)).status).toBe(404);
    const listed = await orgo.listFiles({ desktopId: computer.id, workspaceId });
    expect(listed.map((f) => f.name)).toEqual(["findings.csv", "blob.bin"]);

    const outside = await orgo.exportFile(computer.id, "/etc/hostname").catch((e: unknown) => e);
    expect(outside).toMatchObject({ status: 400, message: expect.stringContaining("/home/user") });
    const missing = await orgo.exportFile(computer.id, "nope.txt").catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(OrgoNotFoundError);
  });

  it("uploads onto the desktop (≤ 10 MB) and refuses more before sending", async () => {
    const { orgo, computer } = await newComputer("files-2");
    const logo = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const file = await orgo.uploadFile(
      { name: "logo.png", bytes: logo, desktopId: computer.id },
      { workspaceId: computer.workspace_id },
    );
    expect(file).toMatchObject({ name: "logo.png", path: "/home/user/Desktop/logo.png" });
    expect(served.sandbox.inspect.readFile(computer.id, "/home/user/Desktop/logo.png")).toEqual(
      logo,
    );
    const big = Buffer.alloc(10 * 1024 * 1024 + 1);
    await expect(
      orgo.uploadFile({ name: "big.bin", bytes: big, desktopId: computer.id }),
    ).rejects.toThrow(/10 MB/);
  });

  it("a download URL stops working after an hour", async () => {
    let clock = Date.now();
    const timed = await startOrgoSandbox({ now: () => clock });
    try {
      const orgo = createOrgoClient({
        apiKey: "sk_sandbox",
        baseUrl: timed.baseUrl,
        backoffMs: [],
      });
      const workspaceId = await orgo.ensureWorkspace("ttl");
      const computer = await orgo.createComputer({ workspaceId, name: "ttl-1" });
      await orgo.bash(computer.id, "echo hi > note.txt");
      const { url } = await orgo.exportFile(computer.id, "note.txt");
      expect((await fetch(url)).status).toBe(200);
      clock += 3_600_000 + 1_000;
      expect((await fetch(url)).status).toBe(403);
    } finally {
      await timed.close();
    }
  });
});
