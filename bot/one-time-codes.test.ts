/**
 * A one-time code the customer replies with, for a knight that asked for
 * one: the message is deleted from the chat (the sandbox Bot API records
 * deleteMessage), the code goes only to the knights' relay (which seals it:
 * `agents/knights/logins.test.ts` follows it to the desktop), never to the
 * brain or a knight's ordinary answer, and nothing the bot sends repeats it.
 * A reply when no knight waits for a code is left to the other features.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotHarness, databaseBackends, startBotHarness } from "../testing/index.ts";

const CODE = "7F3A9C21";

describe.each(databaseBackends())("a one-time code relayed from the chat (%s)", (backend) => {
  let h: BotHarness;
  const brainSaw: string[] = [];
  const answered: string[] = [];
  const relayed: { customerId: string; userId: string; text: string }[] = [];
  /** Customers whose knight waits for a code. */
  const waiting = new Set<string>();
  beforeAll(async () => {
    h = await startBotHarness({
      backend,
      brain: {
        handleMessage: async ({ text }) => {
          brainSaw.push(text);
          return { text: "King Mouse here." };
        },
      },
      knights: {
        answer: async ({ text }) => {
          answered.push(text);
          return false;
        },
        stop: async () => ({ outcome: "not_found" }),
        relayCode: async (input) => {
          if (!waiting.has(input.customerId)) return "not_waiting";
          relayed.push(input);
          waiting.delete(input.customerId);
          return "relayed";
        },
      },
    });
  });
  afterAll(() => h?.close());

  it("deletes the message, hands the code to the relay only, and says so without repeating it", async () => {
    const member = await h.member(420_001, { role: "member" });
    waiting.add(member.customerId);
    const u = h.telegram.users.get(420_001);
    const sent = u.sendText(`The code is ${CODE}`);
    await h.next(420_001, "passed the code on");
    const deletion = h.telegram.calls.find({ method: "deleteMessage" });
    expect(deletion.map((c) => c.params.message_id)).toEqual([sent.message_id]);
    expect(u.transcript().messages.find((m) => m.message_id === sent.message_id)?.deleted).toBe(
      true,
    );
    expect(relayed).toEqual([
      { customerId: member.customerId, userId: member.userId, text: `The code is ${CODE}` },
    ]);
    expect(brainSaw).toEqual([]);
    expect(answered).toEqual([]);
    const botCalls = JSON.stringify(h.telegram.calls.all().map((c) => c.params));
    expect(botCalls).not.toContain(CODE);
  });

  it("leaves a message alone when no knight waits for a code", async () => {
    await h.member(420_002, { role: "owner" });
    const u = h.telegram.users.get(420_002);
    u.sendText("What is on the schedule today?");
    await h.next(420_002, "King Mouse here.");
    expect(brainSaw).toEqual(["What is on the schedule today?"]);
    expect(h.telegram.calls.find({ method: "deleteMessage" })).toHaveLength(1);
  });
});
