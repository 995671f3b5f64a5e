import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDeliveryHarness } from "../../../deliverables/test-support.ts";
import { createScriptedBrain } from "../../../sandbox/models/index.ts";
import { startOrgoSandbox } from "../../../sandbox/orgo/index.ts";
import { sniffGif } from "../../../sandbox/telegram/methods/media.ts";
import { queueTargets } from "../../../testing/index.ts";
import { createOrgoClient } from "../../orgo/index.ts";
import { encodeReplay, type ReplayFrame } from "./encode.ts";

const MB = 1024 * 1024;

const brain = createScriptedBrain({
  scenarios: [
    {
      name: "short",
      match: "[scenario:short]",
      steps: [
        { computer: [{ action: "left_click", coordinate: [400, 300] }] },
        { computer: [{ action: "type", text: "quarterly report" }] },
        { computer: [{ action: "key", text: "Return" }] },
        { text: "Wrote the report title." },
      ],
    },
    {
      name: "endless",
      match: "[scenario:endless]",
      steps: Array.from({ length: 200 }, (_, i) => ({
        computer: [{ action: "type" as const, text: `line ${i + 1}\n` }],
      })),
    },
  ],
});

describe.each(queueTargets())("task replays, $name", ({ queue, database }) => {
  let h: Awaited<ReturnType<typeof startDeliveryHarness>>;
  beforeAll(async () => {
    h = await startDeliveryHarness({ queue, database, brain });
  });
  afterAll(() => h?.close());

  it("a finished task sends exactly one replay that Telegram accepts as an animation", async () => {
    const owner = await h.customerInChat();
    const taskId = await h.deploy(owner, {
      role: "researcher",
      task: "[scenario:short] Title the report",
    });
    expect((await h.waitFor(taskId, ["succeeded", "failed"])).status).toBe("succeeded");
    const message = await waitFor(h.tg.sandbox, owner.chatId, (m) => Boolean(m.animation));
    expect(message.animation).toMatchObject({ mime_type: "image/gif", file_name: "replay.gif" });
    expect(message.caption).toContain("Replay");
    const gif = h.tg.sandbox.files.read(message.animation!.file_id)!;
    const info = sniffGif(gif)!;
    expect(info.frames).toBe(4); // the first screen and one after each of the three steps
    expect(info.durationMs).toBeLessThanOrEqual(15_000);
    expect(gif.length).toBeLessThan(4 * MB);
    const [row] = await h.query<{ frame_count: number; sent_at: Date | null }>(
      "select frame_count, sent_at from public.task_replays where task_id = $1",
      [taskId],
    );
    expect(row).toMatchObject({ frame_count: 4, sent_at: expect.any(Date) });
    // Queuing it again (a retried job, a second worker) sends nothing more.
    const { enqueueReplay } = await import("./job.ts");
    await h.queueKit().queue("replays").remove(`replay-${taskId}`);
    await enqueueReplay(h.queueKit(), taskId);
    await new Promise((r) => setTimeout(r, 1_500));
    const animations = h.tg.sandbox.chat(owner.chatId).messages.filter((m) => m.message.animation);
    expect(animations).toHaveLength(1);
  });

  it("a task that fails at its step limit also sends one replay, sampled to stay short", async () => {
    const owner = await h.customerInChat();
    const taskId = await h.deploy(owner, {
      role: "researcher",
      task: "[scenario:endless] Keep typing",
    });
    const task = await h.waitFor(taskId, ["succeeded", "failed"], 120_000);
    expect(task.status).toBe("failed");
    // The encoder runs at nice 19: on a saturated machine it waits its turn, so wait generously.
    const message = await waitFor(h.tg.sandbox, owner.chatId, (m) => Boolean(m.animation), 300_000);
    const gif = h.tg.sandbox.files.read(message.animation!.file_id)!;
    const info = sniffGif(gif)!;
    expect(info.frames).toBeLessThanOrEqual(40);
    expect(info.durationMs).toBeLessThanOrEqual(15_000);
    expect(gif.length).toBeLessThan(4 * MB);
  }, 480_000);
});

describe("the replay encoder", () => {
  it("keeps a 120-step task under 15 s and 4 MB, with every step's screen sampled evenly", async () => {
    const orgo = await startOrgoSandbox();
    try {
      const client = createOrgoClient({ apiKey: "sk_sandbox", baseUrl: orgo.baseUrl });
      const workspaceId = await client.ensureWorkspace("replay");
      const pc = await client.createComputer({ workspaceId, name: "replay-120" });
      const frames: ReplayFrame[] = [];
      for (let step = 1; step <= 120; step++) {
        if (step % 3 === 0) await client.key(pc.id, "Return");
        else await client.type(pc.id, `step ${step} `);
        frames.push({
          image: orgo.sandbox.inspect.renderScreen(pc.id),
          caption: `Step ${step}: type`,
          cursor: { x: 300 + step, y: 200 },
        });
      }
      const started = performance.now();
      const replay = encodeReplay(frames)!;
      const ms = performance.now() - started;
      const info = sniffGif(replay.bytes)!;
      expect(info.frames).toBe(40);
      expect(info.durationMs).toBeLessThanOrEqual(15_000);
      expect(replay.bytes.length).toBeLessThan(4 * MB);
      expect(info.width).toBe(640);
      console.info(
        `replay of 120 steps: ${info.frames} frames, ${(replay.bytes.length / 1024).toFixed(0)} KB, ${(info.durationMs / 1000).toFixed(1)} s, encoded in ${ms.toFixed(0)} ms`,
      );
    } finally {
      await orgo.close();
    }
  });
});

type Chats = { chat(id: number): { messages: { message: Message }[] } };

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
