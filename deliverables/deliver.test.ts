import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScriptedBrain } from "../sandbox/models/index.ts";
import { queueTargets } from "../testing/index.ts";
import { FINDINGS_CSV as CSV, RESEARCHER_SCENARIO, startDeliveryHarness } from "./test-support.ts";

const brain = createScriptedBrain({
  scenarios: [
    RESEARCHER_SCENARIO,
    {
      name: "big export",
      match: "[scenario:big]",
      steps: [
        { text: "Is the export on the desktop yet?" },
        {
          toolCalls: [
            {
              name: "deliver_file",
              input: { path: "export.bin", title: "Full export", description: "All of it." },
            },
          ],
        },
        { text: "Delivered the export." },
      ],
    },
    {
      name: "long report",
      match: "[scenario:report]",
      steps: [
        { computer: [{ action: "screenshot" }] },
        {
          text: Array.from(
            { length: 40 },
            (_, i) => `| Supplier ${i + 1} | ${(10 + i / 10).toFixed(2)} | ${i % 7} days |`,
          ).join("\n"),
        },
      ],
    },
    {
      name: "missing file",
      match: "[scenario:missing]",
      steps: [
        {
          toolCalls: [
            { name: "deliver_file", input: { path: "/home/user/none.csv", title: "Nothing" } },
          ],
        },
        { toolCalls: [{ name: "deliver_file", input: { path: "/etc/passwd", title: "Secrets" } }] },
        { text: "There was nothing to deliver." },
      ],
    },
  ],
});

describe.each(queueTargets())("deliver_file, $name", ({ queue, database }) => {
  let h: Awaited<ReturnType<typeof startDeliveryHarness>>;
  beforeAll(async () => {
    h = await startDeliveryHarness({ queue, database, brain });
  });
  afterAll(() => h?.close());

  it("a researcher's findings.csv reaches the customer's chat with identical bytes", async () => {
    const owner = await h.customerInChat();
    const taskId = await h.deploy(owner, {
      role: "researcher",
      task: "[scenario:findings] Compare paper suppliers and send me a table",
    });
    const task = await h.waitFor(taskId, ["succeeded", "failed"]);
    expect(task.status).toBe("succeeded");

    // On the desktop, written by the knight's own keystrokes.
    const [vm] = await h.query<{ provider_id: string }>(
      "select provider_id from public.vms where employee_id = $1",
      [task.employee_id],
    );
    const onDesktop = h.orgo.inspect.readFile(vm!.provider_id, "/home/user/findings.csv");
    expect(onDesktop?.toString()).toBe(CSV);

    // In the chat, as a document named findings.csv with the same bytes.
    const message = await waitForDocument(h.tg.sandbox, owner.chatId);
    expect(message.document).toMatchObject({ file_name: "findings.csv", mime_type: "text/csv" });
    expect(message.caption).toContain("Supplier comparison");
    const received = h.tg.sandbox.files.read(message.document!.file_id)!;
    expect(Buffer.from(received).equals(onDesktop!)).toBe(true);

    // Stored for the customer, once, and the step says so.
    const rows = await h.query<{
      file_name: string;
      size_bytes: string;
      sent_as: string;
      seq: number;
    }>("select file_name, size_bytes, sent_as, seq from public.deliverables where task_id = $1", [
      taskId,
    ]);
    expect(rows).toEqual([
      { file_name: "findings.csv", size_bytes: String(CSV.length), sent_as: "document", seq: 7 },
    ]);
    const [step] = await h.query<{
      action: string;
      status: string;
      outcome: { results: { note: string }[] };
    }>("select action, status, outcome from public.task_steps where task_id = $1 and seq = 7", [
      taskId,
    ]);
    expect(step).toMatchObject({ action: "deliver_file", status: "done" });
    expect(step!.outcome.results[0]!.note).toContain("sent to the customer's chat");

    // The last message is a receipt naming the file, the time, the cost and the task page.
    const receipt = await waitFor(h.tg.sandbox, owner.chatId, (m) =>
      (m.caption ?? m.text ?? "").includes("Receipt"),
    );
    const text = receipt.caption ?? receipt.text ?? "";
    expect(text).toContain("Delivered: findings.csv (Supplier comparison)");
    expect(text).toMatch(/Time: \d+ s · 8 steps/);
    expect(text).toMatch(
      /Cost: \$\d+\.\d\d( of \$\d+\.\d\d approved)? \(\d+ min of computer time · [\d,]+ model tokens\)/,
    );
    expect(text).toContain(
      `Task page: http://dashboard.test/c/${owner.customerId}/tasks/${taskId}`,
    );
  });

  it("delivers through OpenAI's function call too, when Anthropic is down", async () => {
    h.anthropic.faults.failNext("overloaded", 200);
    try {
      const owner = await h.customerInChat();
      const taskId = await h.deploy(owner, {
        role: "researcher",
        task: "[scenario:findings] Compare paper suppliers again",
      });
      expect((await h.waitFor(taskId, ["succeeded", "failed"])).status).toBe("succeeded");
      const [step] = await h.query<{ action: string; status: string; provider: string }>(
        "select action, status, provider from public.task_steps where task_id = $1 and seq = 7",
        [taskId],
      );
      expect(step).toEqual({ action: "deliver_file", status: "done", provider: "openai" });
      const message = await waitForDocument(h.tg.sandbox, owner.chatId);
      expect(Buffer.from(h.tg.sandbox.files.read(message.document!.file_id)!).toString()).toBe(CSV);
    } finally {
      h.anthropic.faults.clear();
    }
  });

  it("a long text result comes as a message and as a Markdown file", async () => {
    const owner = await h.customerInChat();
    const taskId = await h.deploy(owner, {
      role: "researcher",
      task: "[scenario:report] List suppliers",
    });
    const task = await h.waitFor(taskId, ["succeeded", "failed"]);
    expect(task.status).toBe("succeeded");
    const message = await waitForDocument(h.tg.sandbox, owner.chatId);
    expect(message.document).toMatchObject({ file_name: "result.md" });
    const text = Buffer.from(h.tg.sandbox.files.read(message.document!.file_id)!).toString();
    expect(text).toContain("| Supplier 40 | 13.90 | 4 days |");
    expect(text).toContain(task.result!);
    const receipt = await waitFor(h.tg.sandbox, owner.chatId, (m) =>
      (m.caption ?? m.text ?? "").includes("Receipt"),
    );
    expect(receipt.caption ?? receipt.text).toContain("Delivered: result.md (The full result)");
  });

  it("a 60 MB file arrives as a link that downloads the same bytes for the owner only", async () => {
    const owner = await h.customerInChat("team");
    const taskId = await h.deploy(owner, {
      role: "researcher",
      task: "[scenario:big] Export everything",
    });
    const paused = await h.waitFor(taskId, ["waiting_for_input", "failed"]);
    expect(paused.status).toBe("waiting_for_input");
    // What the knight's work left on its desktop: 60 MB, written through Orgo's bash endpoint.
    const [vm] = await h.query<{ provider_id: string }>(
      "select provider_id from public.vms where employee_id = $1",
      [paused.employee_id],
    );
    const orgo = h.orgoClient();
    const size = 60 * 1024 * 1024;
    const wrote = await orgo.bash(vm!.provider_id, `head -c ${size} /dev/urandom > export.bin`);
    expect(wrote.exitCode).toBe(0);
    const onDesktop = h.orgo.inspect.readFile(vm!.provider_id, "/home/user/export.bin")!;
    expect(onDesktop.length).toBe(size);
    await h.knights.answerTask(taskId, "Yes, it is there.");
    expect((await h.waitFor(taskId, ["succeeded", "failed"], 60_000)).status).toBe("succeeded");

    const message = await waitFor(h.tg.sandbox, owner.chatId, (m) =>
      Boolean(
        m.reply_markup?.inline_keyboard?.[0]?.[0] && "url" in m.reply_markup.inline_keyboard[0][0],
      ),
    );
    expect(message.document).toBeUndefined();
    expect(message.text).toContain("too big for Telegram");
    const button = message.reply_markup!.inline_keyboard[0]![0]! as { url: string };
    expect(button.url.startsWith("http://dashboard.test/files/")).toBe(true);
    const link = button.url.slice("http://dashboard.test".length);

    const download = await h.dashboardGet(link, owner.userId);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toContain('filename="export.bin"');
    expect(Buffer.from(await download.arrayBuffer()).equals(onDesktop)).toBe(true);

    const stranger = await h.customer();
    expect((await h.dashboardGet(link, stranger.userId)).status).toBe(404);
    expect((await h.dashboardGet(link)).status).toBe(404);
    const forged = link.replace(/sig=[^&]+/, "sig=AAAA");
    expect((await h.dashboardGet(forged, owner.userId)).status).toBe(404);
  }, 120_000);

  it("a file the customer sent while no knight worked lands on the next knight's desktop", async () => {
    const owner = await h.customerInChat();
    const logo = Buffer.from("\x89PNG pretend logo");
    await h.query(
      "insert into public.customer_files (customer_id, uploaded_by, file_name, content_type, size_bytes, sha256, bytes) values ($1, $2, 'logo.png', 'image/png', $3, $4, $5)",
      [owner.customerId, owner.userId, logo.length, "0".repeat(64), logo],
    );
    const taskId = await h.deploy(owner, {
      role: "researcher",
      task: "[scenario:missing] Use my logo",
    });
    const task = await h.waitFor(taskId, ["succeeded", "failed"]);
    const [vm] = await h.query<{ provider_id: string }>(
      "select provider_id from public.vms where employee_id = $1",
      [task.employee_id],
    );
    const files = await h.orgoClient().listFiles({ desktopId: vm!.provider_id });
    expect(files.map((f) => f.path)).toContain("/home/user/Desktop/logo.png");
    expect(
      h.orgo.inspect.readFile(vm!.provider_id, "/home/user/Desktop/logo.png")?.equals(logo),
    ).toBe(true);
    const [row] = await h.query<{ desktop_path: string }>(
      "select desktop_path from public.customer_files where customer_id = $1",
      [owner.customerId],
    );
    expect(row!.desktop_path).toBe("/home/user/Desktop/logo.png");
  });

  it("a file that is not there, or outside /home/user, is an error the model reads; nothing is sent", async () => {
    const owner = await h.customerInChat();
    const taskId = await h.deploy(owner, {
      role: "researcher",
      task: "[scenario:missing] Deliver nothing",
    });
    const task = await h.waitFor(taskId, ["succeeded", "failed"]);
    expect(task.status).toBe("succeeded");
    const steps = await h.query<{ status: string; outcome: { results: { error: string }[] } }>(
      "select status, outcome from public.task_steps where task_id = $1 and action = 'deliver_file' order by seq",
      [taskId],
    );
    expect(steps.map((s) => [s.status, s.outcome.results[0]!.error])).toEqual([
      ["failed", "There is no file at /home/user/none.csv on the desktop"],
      ["failed", "Only files inside /home/user can be delivered (/etc/passwd is not)"],
    ]);
    const count = await h.query<{ n: number }>(
      "select count(*)::int as n from public.deliverables where task_id = $1",
      [taskId],
    );
    expect(count[0]!.n).toBe(0);
    const documents = h.tg.sandbox.chat(owner.chatId).messages.filter((m) => m.message.document);
    expect(documents).toEqual([]);
  });
});

type Chats = { chat(id: number): { messages: { message: Message }[] } };

const waitForDocument = (sandbox: Chats, chatId: number) =>
  waitFor(sandbox, chatId, (m) => Boolean(m.document));

async function waitFor(
  sandbox: Chats,
  chatId: number,
  match: (message: Message) => boolean,
  timeoutMs = 30_000,
): Promise<Message> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = sandbox.chat(chatId).messages.find((m) => match(m.message));
    if (found) return found.message;
    if (Date.now() > deadline) throw new Error(`no such message reached chat ${chatId}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
