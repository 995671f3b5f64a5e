/**
 * Inline-button payloads that cannot be forged: `<kind>:<id>:<choice>:<mac>`,
 * where the MAC (HMAC-SHA256 with a key derived from APP_SECRET, truncated to
 * 72 bits) binds kind, id, choice and the chat the button was sent to. Telegram
 * caps callback data at 64 bytes; a UUID id is packed to 22 base64url chars.
 * Replays are harmless because what a button does (deciding an approval) can
 * happen once; expiry lives with the thing it decides.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

const UUID_HEX = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

function packId(id: string): string {
  return UUID_HEX.test(id) ? Buffer.from(id.replace(/-/g, ""), "hex").toString("base64url") : id;
}

function unpackId(packed: string): string {
  if (packed.length !== 22) return packed;
  const hex = Buffer.from(packed, "base64url").toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type Signed = { kind: string; id: string; choice: string };

export function createCallbackSigner(appSecret: string) {
  const key = createHmac("sha256", appSecret).update("mouse/telegram-callback/v1").digest();
  const mac = (body: string, chatId: number) =>
    createHmac("sha256", key)
      .update(`${chatId}|${body}`)
      .digest()
      .subarray(0, 9)
      .toString("base64url");
  return {
    /** Signs a button payload for one chat. */
    sign({ kind, id, choice }: Signed, chatId: number): string {
      const body = `${kind}:${packId(id)}:${choice}`;
      const data = `${body}:${mac(body, chatId)}`;
      if (Buffer.byteLength(data) > 64) throw new Error(`callback data too long: ${data}`);
      return data;
    },
    /** Returns the payload if the data was signed by us for this chat, else undefined. */
    verify(data: string, chatId: number): Signed | undefined {
      const parts = data.split(":");
      if (parts.length !== 4) return undefined;
      const [kind, packed, choice, given] = parts as [string, string, string, string];
      const expected = Buffer.from(mac(`${kind}:${packed}:${choice}`, chatId));
      const actual = Buffer.from(given);
      if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
      return { kind, id: unpackId(packed), choice };
    },
  };
}

export type CallbackSigner = ReturnType<typeof createCallbackSigner>;
