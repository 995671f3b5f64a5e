/**
 * Delivered files on both storage backends: Postgres (the embedded default,
 * also covered at length by deliver.test.ts) and Supabase Storage (the
 * sandbox, through supabase-js). The customer notices the same thing on
 * both: the document with identical bytes, a big file as a link that
 * downloads only for their own people, the plan's size limit.
 */
import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createData, migrate } from "../db/index.ts";
import { createScriptedBrain } from "../sandbox/models/index.ts";
import { startStorageSandbox } from "../sandbox/storage/index.ts";
import { createTestDatabase, queueTargets } from "../testing/index.ts";
import { createSupabaseDeliverableStorage, DeliverableStorageError } from "./supabase-store.ts";
import {
  FINDINGS_CSV,
  RESEARCHER_SCENARIO,
  type StorageBackend,
  startDeliveryHarness,
  TEST_BUCKET,
} from "./test-support.ts";

const MB = 1024 * 1024;

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
        { text: "Done with the export." },
      ],
    },
    {
      name: "table of findings",
      match: "[scenario:table]",
      steps: [
        { computer: [{ action: "screenshot" }] },
        {
          text: [
            "Suppliers compared:",
            "",
            "| Supplier | Price | Lead time |",
            "| --- | ---: | --- |",
            ...Array.from(
              { length: 40 },
              (_, i) => `| Supplier ${i + 1} | ${(10 + i / 10).toFixed(2)} | ${i % 7} days |`,
            ),
          ].join("\n"),
        },
      ],
    },
  ],
});

// Both backends on the embedded target; on the servers (when set) Supabase mode only, since
// deliver.test.ts already runs the Postgres store there.
const targets = queueTargets().flatMap((t, i) =>
  (i === 0
    ? (["postgres", "supabase"] as StorageBackend[])
    : (["supabase"] as StorageBackend[])
  ).map((storage) => ({ ...t, storage })),
);

describe.each(targets)(
  "delivered files kept in $storage, $name",
  ({ queue, database, storage }) => {
    let h: Awaited<ReturnType<typeof startDeliveryHarness>>;
    beforeAll(async () => {
      h = await startDeliveryHarness({ queue, database, brain, storage });
    });
    afterAll(() => h?.close());

    /** Runs the big-export scenario with `size` random bytes on the desktop; the export's bytes. */
    async function deliverBig(owner: { customerId: string }, size: number) {
      const taskId = await h.deploy(owner as Parameters<typeof h.deploy>[0], {
        role: "researcher",
        task: "[scenario:big] Export everything",
      });
      const paused = await h.waitFor(taskId, ["waiting_for_input", "failed"]);
      expect(paused.status).toBe("waiting_for_input");
      const [vm] = await h.query<{ provider_id: string }>(
        "select provider_id from public.vms where employee_id = $1",
        [paused.employee_id],
      );
      const wrote = await h
        .orgoClient()
        .bash(vm!.provider_id, `head -c ${size} /dev/urandom > export.bin`);
      expect(wrote.exitCode).toBe(0);
      const onDesktop = h.orgo.inspect.readFile(vm!.provider_id, "/home/user/export.bin")!;
      expect(onDesktop.length).toBe(size);
      await h.knights.answerTask(taskId, "Yes, it is there.");
      expect((await h.waitFor(taskId, ["succeeded", "failed"], 90_000)).status).toBe("succeeded");
      return { taskId, onDesktop };
    }

    it("findings.csv reaches the chat with identical bytes", async () => {
      const owner = await h.customerInChat();
      const taskId = await h.deploy(owner, {
        role: "researcher",
        task: "[scenario:findings] Compare paper suppliers",
      });
      expect((await h.waitFor(taskId, ["succeeded", "failed"])).status).toBe("succeeded");
      const message = await waitFor(h.tg.sandbox, owner.chatId, (m) => Boolean(m.document));
      expect(message.document).toMatchObject({ file_name: "findings.csv", mime_type: "text/csv" });
      const received = Buffer.from(h.tg.sandbox.files.read(message.document!.file_id)!);
      expect(received.toString()).toBe(FINDINGS_CSV);
      const [row] = await h.query<{ inline: boolean; storage_path: string | null }>(
        "select bytes is not null as inline, storage_path from public.deliverables where task_id = $1",
        [taskId],
      );
      if (storage === "postgres") expect(row).toEqual({ inline: true, storage_path: null });
      else {
        // Kept in the bucket (made private on first use), not in the row.
        expect(row).toEqual({ inline: false, storage_path: `${owner.customerId}/${taskId}/7` });
        const object = h.storage!.inspect.object(TEST_BUCKET, row!.storage_path!);
        expect(object?.bytes.equals(received)).toBe(true);
        expect(object?.contentType).toBe("text/csv");
        expect(h.storage!.inspect.buckets()).toMatchObject([{ id: TEST_BUCKET, public: false }]);
      }
    });

    it("the file's notice, the receipt and the replay speak the customer's language", async () => {
      const owner = await h.customerInChat();
      await h.query("update public.users set language = 'ru' where id = $1", [owner.userId]);
      const taskId = await h.deploy(owner, {
        role: "researcher",
        task: "[scenario:findings] Сравни поставщиков бумаги",
      });
      expect((await h.waitFor(taskId, ["succeeded", "failed"])).status).toBe("succeeded");
      const document = await waitFor(h.tg.sandbox, owner.chatId, (m) => Boolean(m.document));
      expect(document.caption).toContain("передаёт: Supplier comparison");
      const receipt = await waitFor(h.tg.sandbox, owner.chatId, (m) =>
        (m.caption ?? m.text ?? "").includes("🧾"),
      );
      const text = receipt.caption ?? receipt.text ?? "";
      expect(text).toContain("🧾 Чек");
      expect(text).toContain("Передано: findings.csv (Supplier comparison)");
      expect(text).toMatch(/Время: \d+ с · 8 шагов/);
      expect(text).toContain(
        `Страница задачи: http://dashboard.test/c/${owner.customerId}/tasks/${taskId}`,
      );
      const replay = await waitFor(
        h.tg.sandbox,
        owner.chatId,
        (m) => Boolean(m.animation),
        120_000,
      );
      expect(replay.caption).toContain("🎞️ Запись:");
    }, 180_000);

    it("a long table of findings comes as a message and as result.csv", async () => {
      const owner = await h.customerInChat();
      const taskId = await h.deploy(owner, {
        role: "researcher",
        task: "[scenario:table] Compare forty suppliers",
      });
      expect((await h.waitFor(taskId, ["succeeded", "failed"])).status).toBe("succeeded");
      const message = await waitFor(h.tg.sandbox, owner.chatId, (m) => Boolean(m.document));
      expect(message.document).toMatchObject({ file_name: "result.csv", mime_type: "text/csv" });
      const csv = Buffer.from(h.tg.sandbox.files.read(message.document!.file_id)!).toString();
      const lines = csv.split("\r\n");
      expect(lines[0]).toBe("Supplier,Price,Lead time");
      expect(lines[40]).toBe("Supplier 40,13.90,4 days");
      expect(lines).toHaveLength(42);
      // The message shows the answer's start; the receipt names the file.
      await waitFor(h.tg.sandbox, owner.chatId, (m) =>
        (m.caption ?? m.text ?? "").includes("Receipt"),
      );
      // All the chat says (a long caption continues in a message of its own).
      const text = h.tg.sandbox
        .chat(owner.chatId)
        .messages.map((m) => m.message.caption ?? m.message.text ?? "")
        .join("\n");
      expect(text).toContain("| Supplier 1 | 10.00 | 0 days |");
      expect(text).toContain("Delivered: result.csv (The table of findings)");
    });

    it("a 60 MB file arrives as a link that downloads the same bytes for the owner, 404 for anyone else", async () => {
      const owner = await h.customerInChat("team");
      const { taskId, onDesktop } = await deliverBig(owner, 60 * MB);
      const message = await waitFor(h.tg.sandbox, owner.chatId, (m) =>
        Boolean(
          m.reply_markup?.inline_keyboard?.[0]?.[0] &&
            "url" in m.reply_markup.inline_keyboard[0][0],
        ),
      );
      expect(message.document).toBeUndefined();
      const link = (message.reply_markup!.inline_keyboard[0]![0]! as { url: string }).url.slice(
        "http://dashboard.test".length,
      );
      const [file] = await h.query<{ id: string }>(
        "select id from public.deliverables where task_id = $1",
        [taskId],
      );
      const taskPageLink = `/c/${owner.customerId}/files/${file!.id}`;
      for (const path of [link, taskPageLink]) {
        const download = await followDownload(await h.dashboardGet(path, owner.userId));
        expect(download.status).toBe(200);
        expect(download.headers.get("content-disposition")).toContain("export.bin");
        expect(Buffer.from(await download.arrayBuffer()).equals(onDesktop)).toBe(true);
      }
      const stranger = await h.customer();
      for (const path of [link, taskPageLink]) {
        const theirs = await h.dashboardGet(path, stranger.userId);
        expect(theirs.status).toBe(404);
        expect(theirs.headers.get("location")).toBeNull();
      }
      expect((await h.dashboardGet(link)).status).toBe(404);
      expect(
        (
          await h.dashboardGet(
            link.replace(/sig=./, (m) => (m === "sig=A" ? "sig=B" : "sig=A")),
            owner.userId,
          )
        ).status,
      ).toBe(404);
      if (storage === "supabase") {
        // The owner's redirect is to a signed Storage URL, valid for a minute; the bucket is private.
        const redirect = await h.dashboardGet(link, owner.userId);
        expect(redirect.status).toBe(302);
        const location = redirect.headers.get("location")!;
        expect(
          location.startsWith(`${h.storage!.url}/storage/v1/object/sign/${TEST_BUCKET}/`),
        ).toBe(true);
        const unsigned = await fetch(location.replace(/\/sign\//, "/").replace(/\?.*$/, ""));
        expect(unsigned.status).toBe(401);
      }
    }, 180_000);

    it("the plan's size limit holds: a free customer's 25 MB file is refused and nothing is stored", async () => {
      const owner = await h.customerInChat("free");
      const objectsBefore = h.storage?.inspect.objects().length ?? 0;
      const { taskId } = await deliverBig(owner, 25 * MB);
      const [step] = await h.query<{ status: string; outcome: { results: { error: string }[] } }>(
        "select status, outcome from public.task_steps where task_id = $1 and action = 'deliver_file'",
        [taskId],
      );
      expect(step!.status).toBe("failed");
      expect(step!.outcome.results[0]!.error).toBe(
        "The file is 25.0 MB; the customer's plan allows files up to 20 MB",
      );
      const [count] = await h.query<{ n: number }>(
        "select count(*)::int as n from public.deliverables where task_id = $1",
        [taskId],
      );
      expect(count!.n).toBe(0);
      expect(h.storage?.inspect.objects().length ?? 0).toBe(objectsBefore);
    }, 120_000);
  },
);

describe("Supabase Storage refusing a file", () => {
  it("is a DeliverableStorageError the model can read, and no row is written", async () => {
    const storage = await startStorageSandbox({
      buckets: [{ id: TEST_BUCKET, file_size_limit: "1MB" }],
    });
    const db = await createTestDatabase("pglite");
    try {
      await migrate(db.pool);
      const data = createData(db);
      const { store } = createSupabaseDeliverableStorage({
        data,
        url: storage.url,
        serviceRoleKey: storage.serviceRoleKey,
        bucket: TEST_BUCKET,
      });
      const refused = await store
        .put({
          customerId: "00000000-0000-4000-8000-000000000001",
          taskId: "00000000-0000-4000-8000-000000000002",
          seq: 1,
          fileName: "big.bin",
          title: "Big",
          sourcePath: "/home/user/big.bin",
          contentType: "application/octet-stream",
          bytes: Buffer.alloc(2 * MB),
        })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(refused).toBeInstanceOf(DeliverableStorageError);
      expect(refused).toMatchObject({
        refused: true,
        status: 413,
        message: "Storing the file failed: The object exceeded the maximum allowed size",
      });
      expect(storage.inspect.objects()).toEqual([]);
      const { rows } = await db.pool.query("select count(*)::int as n from public.deliverables");
      expect(rows[0].n).toBe(0);
    } finally {
      await db.close();
      await storage.close();
    }
  });
});

/** A download response, following the dashboard's redirect to Storage's signed URL if there is one. */
async function followDownload(response: Response): Promise<Response> {
  const location = response.headers.get("location");
  return response.status === 302 && location ? fetch(location) : response;
}

type Chats = { chat(id: number): { messages: { message: Message }[] } };
async function waitFor(
  sandbox: Chats,
  chatId: number,
  match: (message: Message) => boolean,
  timeoutMs = 60_000,
): Promise<Message> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = sandbox.chat(chatId).messages.find((m) => match(m.message));
    if (found) return found.message;
    if (Date.now() > deadline) throw new Error(`no such message reached chat ${chatId}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
