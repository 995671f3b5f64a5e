/**
 * A password pasted into the chat: deleted from the chat (the sandbox Bot
 * API records deleteMessage), never passed to the brain or stored in the
 * conversation, and saved to the vault with one tap by an owner; a member's
 * tap is refused, and an ordinary message still reaches the brain.
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogue } from "../i18n/index.ts";
import { createKeyring, createSecretStore } from "../secrets/index.ts";
import { findEverywhere } from "../secrets/test-support.ts";
import { type BotHarness, databaseBackends, startBotHarness } from "../testing/index.ts";
import { createPastedLogins, createVault } from "../vault/index.ts";

const PASSWORD = "Sunflower-Pasted-2026!";
const MESSAGE = `my wix login is rosa@bakery.example and the password is ${PASSWORD}`;

describe.each(databaseBackends())("a password pasted into the chat (%s)", (backend) => {
  let h: BotHarness;
  const brainSaw: string[] = [];
  beforeAll(async () => {
    h = await startBotHarness({
      backend,
      brain: {
        handleMessage: async ({ text }) => {
          brainSaw.push(text);
          return { text: "King Mouse here." };
        },
      },
      logins: (data) => {
        const secrets = createSecretStore({
          data,
          keyring: createKeyring({ current: "pasted-logins-test-secret-0123456789abcdef" }),
        });
        return createPastedLogins({ secrets, vault: createVault({ data, secrets }) });
      },
    });
  });
  afterAll(() => h?.close());

  it("is deleted from the chat, never reaches the brain, and is saved to the vault in one tap", async () => {
    const owner = await h.member(410_001, { role: "owner" });
    const u = h.telegram.users.get(410_001);
    const sent = u.sendText(MESSAGE);
    const offer = await h.next(410_001, "deleted your message");
    expect(offer.text).toContain("a Wix password for ro…@bakery.example");
    // Besides the one-tap save, the form for adding a login (the Mini App over HTTPS).
    expect(JSON.stringify(offer)).toContain(`/c/${owner.customerId}/logins`);
    const deletion = h.telegram.calls.find({ method: "deleteMessage" });
    expect(deletion.map((c) => c.params.message_id)).toEqual([sent.message_id]);
    expect(u.transcript().messages.find((m) => m.message_id === sent.message_id)?.deleted).toBe(
      true,
    );
    expect(brainSaw).toEqual([]);

    u.pressButton(offer, { text: catalogue().t("en", "login-save") });
    await expect
      .poll(
        async () =>
          (
            await h.db.pool.query("select label from public.vault_logins where customer_id = $1", [
              owner.customerId,
            ])
          ).rows.map((r) => r.label),
        { timeout: 10_000 },
      )
      .toEqual(["Wix — ro…@bakery.example"]);
    await expect
      .poll(() => u.transcript().messages.some((m) => m.text?.startsWith("Saved as “Wix")))
      .toBe(true);

    // Sealed in the vault; in clear nowhere: no table, no message the bot sent.
    expect(await findEverywhere(h.db.pool, [PASSWORD])).toEqual([]);
    const botCalls = JSON.stringify(h.telegram.calls.all().map((c) => c.params));
    expect(botCalls).not.toContain(PASSWORD);
    expect(u.transcript().messages.filter((m) => m.from_bot && m.text?.includes(PASSWORD))).toEqual(
      [],
    );
  });

  it("lets only owners and admins keep it; an ordinary message still reaches the brain", async () => {
    await h.member(410_002, { role: "member" });
    const u = h.telegram.users.get(410_002);
    u.sendText(`instagram user: rosas.bakery pass: ${PASSWORD}`);
    const offer = await h.next(410_002, "deleted your message");
    const pressed = u.pressButton(offer, { text: catalogue().t("en", "login-save") });
    const answer = await pressed.waitForAnswer();
    expect(answer?.text).toContain("Only the account's owners and admins");
    expect(brainSaw).toEqual([]);

    u.sendText("I forgot my password for Instagram, can you help?");
    await h.next(410_002, "King Mouse here.");
    expect(brainSaw).toEqual(["I forgot my password for Instagram, can you help?"]);
    expect(await findEverywhere(h.db.pool, [PASSWORD])).toEqual([]);
  });
});
