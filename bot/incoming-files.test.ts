import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInboundFiles } from "../agents/knights/index.ts";
import { createOrgoClient, type OrgoClient } from "../agents/orgo/index.ts";
import { createLogger } from "../observability/index.ts";
import { type RunningOrgoSandbox, startOrgoSandbox } from "../sandbox/orgo/index.ts";
import { type BotHarness, startBotHarness } from "../testing/index.ts";

const WORKSPACE = "00000000-0000-4000-8000-0000000000f1";

describe("photos and documents sent to King Mouse", () => {
  let bot: BotHarness;
  let orgo: RunningOrgoSandbox;
  let client: OrgoClient;
  beforeAll(async () => {
    orgo = await startOrgoSandbox({ workspaces: [{ id: WORKSPACE, name: "mouse" }] });
    client = createOrgoClient({
      apiKey: "sk_sandbox",
      baseUrl: orgo.baseUrl,
      workspaceId: WORKSPACE,
    });
    bot = await startBotHarness({
      brain: { handleMessage: async ({ text }) => ({ text: `Noted: ${text}` }) },
      files: (data) =>
        createInboundFiles({ data, orgo: client, logger: createLogger({ level: "silent" }) }),
    });
  });
  afterAll(async () => {
    await bot?.close();
    await orgo?.close();
  });

  /** A knight of the customer waiting for the customer's answer, on a sandbox desktop. */
  async function knightWaitingFor(customerId: string) {
    const computer = await client.createComputer({
      name: `knight-${Math.random().toString(36).slice(2)}`,
    });
    await bot.data.asService("test: knight at work", async (tx) => {
      const e = await tx.query<{ id: string }>(
        "insert into public.employees (customer_id, name, role_template, status) values ($1, 'Pixel', 'web_developer', 'working') returning id",
        [customerId],
      );
      await tx.query(
        "insert into public.vms (customer_id, employee_id, provider_id, workspace_id, status, started_at) values ($1, $2, $3, $4, 'running', now())",
        [customerId, e.rows[0]!.id, computer.id, WORKSPACE],
      );
      await tx.query(
        "insert into public.tasks (customer_id, employee_id, request, status, question, started_at) values ($1, $2, 'Put our logo on the website', 'waiting_for_input', 'Could you send me your logo?', now())",
        [customerId, e.rows[0]!.id],
      );
    });
    return computer.id;
  }

  it("a photo reaches the desktop of the knight waiting for it, and King Mouse says where", async () => {
    const member = await bot.member(610_001, { plan: "pro" });
    const computerId = await knightWaitingFor(member.customerId);
    const logo = new PNG({ width: 40, height: 20 });
    logo.data.fill(200);
    const bytes = PNG.sync.write(logo);

    const ann = bot.telegram.users.get(610_001);
    ann.sendPhoto({ bytes });
    const reply = await ann.waitForBotMessage({ timeoutMs: 10_000 });
    expect(reply.text).toMatch(
      /^Got it — I put photo-\d+\.jpg on Pixel's desktop at \/home\/user\/Desktop\/photo-\d+\.jpg\.$/,
    );

    const listed = await client.listFiles({ desktopId: computerId });
    expect(listed).toHaveLength(1);
    const path = listed[0]!.path!;
    expect(reply.text).toContain(path);
    expect(orgo.sandbox.inspect.readFile(computerId, path)?.toString("hex")).toBe(
      bytes.toString("hex"),
    );
    const [row] = await bot.data.asService(
      "test: stored",
      async (tx) =>
        (
          await tx.query(
            "select size_bytes, desktop_path from public.customer_files where customer_id = $1",
            [member.customerId],
          )
        ).rows,
    );
    expect(row).toEqual({ size_bytes: bytes.length, desktop_path: path });
  });

  it("with no knight at work the document is kept for the next one; over 20 MB gets a polite no", async () => {
    const member = await bot.member(610_002, { plan: "pro" });
    const bob = bot.telegram.users.get(610_002);
    bob.sendDocument({
      bytes: new TextEncoder().encode("name,price\n"),
      fileName: "prices.csv",
      mimeType: "text/csv",
    });
    const kept = await bob.waitForBotMessage({ timeoutMs: 10_000 });
    expect(kept.text).toBe(
      "Got it — I've kept prices.csv for you and will put it on the desktop of the next knight that works for you.",
    );
    bob.sendDocument({ bytes: new Uint8Array(21 * 1024 * 1024), fileName: "video.mov" });
    const tooBig = await bob.waitForBotMessage({ timeoutMs: 10_000 });
    expect(tooBig.text).toContain("video.mov is over 20 MB");
    const rows = await bot.data.asService(
      "test: stored",
      async (tx) =>
        (
          await tx.query(
            "select file_name, desktop_path from public.customer_files where customer_id = $1",
            [member.customerId],
          )
        ).rows,
    );
    expect(rows).toEqual([{ file_name: "prices.csv", desktop_path: null }]);
  });
});
