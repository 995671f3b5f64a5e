import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServedSandbox, serveSandbox } from "./test-client.ts";

let sandbox: ServedSandbox;

beforeAll(async () => {
  sandbox = await serveSandbox();
});
afterAll(() => sandbox.server.close());

describe("input actions", () => {
  it("answer in Orgo's shapes and are logged once each, in order", async () => {
    const { id } = await sandbox.computer("shapes");
    const post = (action: string, body: unknown) =>
      sandbox.call("POST", `/computers/${id}/${action}`, body);
    expect((await post("click", { x: 10, y: 20 })).body).toEqual({
      success: true,
      action: "click",
      details: { x: 10, y: 20, button: "left", double: false },
    });
    expect((await post("click", { x: 10, y: 20, double: true })).body.action).toBe("double_click");
    expect((await post("type", { text: "Hello, world!" })).body).toEqual({
      success: true,
      action: "type",
      details: { text_length: 13 },
    });
    expect((await post("key", { key: "ctrl+shift+t" })).body.action).toBe("key_press");
    expect((await post("scroll", { direction: "down", amount: 3 })).body.action).toBe("scroll");
    expect((await post("drag", { start_x: 1, start_y: 2, end_x: 3, end_y: 4 })).body.action).toBe(
      "drag",
    );
    expect((await post("wait", { duration: 2 })).body).toMatchObject({
      success: true,
      action: "wait",
    });
    expect(sandbox.inspect.actions(id).map((a) => a.type)).toEqual([
      "click",
      "click",
      "type",
      "key",
      "scroll",
      "drag",
      "wait",
    ]);
    expect(sandbox.inspect.actions(id)[6]!.params).toEqual({ seconds: 2 });
  });

  it.each([
    ["click", { x: 1300, y: 10 }, "Point (1300, 10) is outside the 1280x720 screen"],
    ["click", { x: 1, y: 1, button: "middle" }, 'button must be "left" or "right"'],
    ["scroll", { direction: "left" }, 'direction must be "up" or "down"'],
    ["wait", { seconds: 61 }, "seconds must be between 0 and 60"],
    ["wait", {}, "seconds is required"],
    ["key", { key: "ctrl+" }, 'key must be an xdotool key name such as "Return" or "ctrl+shift+t"'],
    ["type", { text: "" }, "text is required"],
    ["exec", { code: "print(1)", timeout: 301 }, "timeout must be between 1 and 300"],
  ])("%s rejects %j with 400", async (action, body, message) => {
    const { id } = await sandbox.computer(`bad-${action}-${JSON.stringify(body).length}`);
    const reply = await sandbox.call("POST", `/computers/${id}/${action}`, body);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe(message);
    expect(sandbox.inspect.actions(id)).toEqual([]);
  });

  it("answers 404 for an unknown computer", async () => {
    const reply = await sandbox.call("POST", "/computers/missing/click", { x: 1, y: 1 });
    expect(reply).toMatchObject({ status: 404, body: { error: "Computer not found" } });
  });

  it("edits the document with keys: Enter, BackSpace, select-all and paste", async () => {
    const { id } = await sandbox.computer("editing");
    const post = (action: string, body: unknown) =>
      sandbox.call("POST", `/computers/${id}/${action}`, body);
    await post("type", { text: "first" });
    await post("key", { key: "Return" });
    await post("type", { text: "second!" });
    await post("key", { key: "BackSpace" });
    expect(sandbox.inspect.screen(id).text).toBe("first\nsecond");
    await post("key", { key: "ctrl+a" });
    await post("key", { key: "ctrl+c" });
    await post("type", { text: "replaced " });
    await post("key", { key: "ctrl+v" });
    expect(sandbox.inspect.screen(id).text).toBe("replaced first\nsecond");
  });

  it("scrolls the page down and back, not above the top", async () => {
    const { id } = await sandbox.computer("scrolling");
    await sandbox.call("POST", `/computers/${id}/scroll`, {
      direction: "down",
      amount: 2,
      x: 300,
      y: 300,
    });
    expect(sandbox.inspect.screen(id)).toMatchObject({ scroll: 6, cursor: { x: 300, y: 300 } });
    await sandbox.call("POST", `/computers/${id}/scroll`, { direction: "up", amount: 5 });
    expect(sandbox.inspect.screen(id).scroll).toBe(0);
  });
});

describe("bash and exec", () => {
  it("runs simple commands; a failing command is still success with its exit code", async () => {
    const { id } = await sandbox.computer("shell");
    const bash = (command: string) => sandbox.call("POST", `/computers/${id}/bash`, { command });
    expect((await bash("echo hello world")).body).toEqual({
      success: true,
      action: "bash",
      output: "hello world\n",
      exit_code: 0,
    });
    expect((await bash("pwd")).body.output).toBe("/home/user\n");
    expect((await bash("frobnicate --now")).body).toMatchObject({
      success: true,
      output: "bash: frobnicate: command not found\n",
      exit_code: 127,
    });
    await bash("echo 'saved text' > Documents/a.txt");
    expect((await bash("cat ~/Documents/a.txt")).body.output).toBe("saved text\n");
    expect(sandbox.inspect.screen(id).terminal).toContain("$ pwd");
  });

  it("exec reports Python success, failure and timeout", async () => {
    const { id } = await sandbox.computer("python");
    const exec = (code: string, timeout = 10) =>
      sandbox.call("POST", `/computers/${id}/exec`, { code, timeout });
    expect((await exec('print("hi")')).body).toEqual({
      success: true,
      output: "hi\n",
      action: "exec",
      timeout: false,
    });
    expect((await exec('raise ValueError("bad")')).body).toMatchObject({
      success: false,
      timeout: false,
    });
    expect((await exec("import time\ntime.sleep(5)", 1)).body).toMatchObject({
      success: false,
      timeout: true,
    });
  });
});

describe("files", () => {
  it("uploads onto the desktop, lists, and exports from /home/user with a working URL", async () => {
    const { id, workspaceId } = await sandbox.computer("files");
    const form = new FormData();
    form.set("file", new Blob(["col1,col2\n1,2\n"], { type: "text/csv" }), "data.csv");
    form.set("projectId", workspaceId);
    form.set("desktopId", id);
    const upload = await fetch(`${sandbox.base}/files/upload`, {
      method: "POST",
      headers: { Authorization: "Bearer sk_sandbox" },
      body: form,
    });
    expect(upload.status).toBe(200);
    expect((await upload.json()).file).toMatchObject({
      name: "data.csv",
      size: 14,
      desktop_id: id,
    });
    const cat = await sandbox.call("POST", `/computers/${id}/bash`, {
      command: "cat Desktop/data.csv",
    });
    expect(cat.body.output).toBe("col1,col2\n1,2\n");

    await sandbox.call("POST", `/computers/${id}/type`, { text: "results" });
    await sandbox.call("POST", `/computers/${id}/key`, { key: "ctrl+s" });
    const exported = await sandbox.call("POST", "/files/export", {
      desktopId: id,
      path: "Desktop/notes.txt",
    });
    expect(exported.body).toMatchObject({
      success: true,
      file: { name: "notes.txt" },
      url: expect.any(String),
    });
    expect(await (await fetch(exported.body.url)).text()).toBe("results");

    const listed = await sandbox.call("GET", `/files?projectId=${workspaceId}&desktopId=${id}`);
    expect(listed.body.files.map((f: { name: string }) => f.name)).toEqual([
      "data.csv",
      "notes.txt",
    ]);

    const outside = await sandbox.call("POST", "/files/export", {
      desktopId: id,
      path: "/etc/passwd",
    });
    expect(outside).toMatchObject({
      status: 400,
      body: { error: "Export works only inside /home/user" },
    });
    const missing = await sandbox.call("POST", "/files/export", {
      desktopId: id,
      path: "Desktop/none.txt",
    });
    expect(missing.status).toBe(404);
  });
});

describe("inspection", () => {
  it("counts computers per workspace and name", async () => {
    const workspace = await sandbox.call("POST", "/workspaces", { name: "team" });
    for (const name of ["knight-1", "knight-2"]) {
      await sandbox.call("POST", "/computers", { workspace_id: workspace.body.id, name });
    }
    const computers = sandbox.inspect.computers({ workspaceId: workspace.body.id });
    expect(computers.map((c) => c.name)).toEqual(["knight-1", "knight-2"]);
    expect(
      sandbox.inspect.computers({ workspaceId: workspace.body.id, name: "knight-1" }),
    ).toHaveLength(1);
  });
});
