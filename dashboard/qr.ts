/**
 * Onboarding QR codes: the bot's deep link `https://t.me/<bot>?start=<token>`
 * as an SVG for the page and a PNG to download or print.
 */
import QRCode from "qrcode";
import { INVITE_TOKEN } from "../accounts/index.ts";

/** The deep link that opens the bot with `/start <token>`. */
export function botDeepLink(botUsername: string, token: string): string {
  if (!INVITE_TOKEN.test(token)) throw new Error("not an invite token");
  return `https://t.me/${encodeURIComponent(botUsername)}?start=${token}`;
}

/**
 * Where an invite's QR code leads: the bot's deep link, or in the no-keys
 * demo (sandboxed Telegram, which t.me cannot reach) the Telegram
 * simulator's chat with that `/start` payload.
 */
export function inviteLink(
  where: { botUsername: string; sandbox?: unknown; publicUrl?: string },
  token: string,
): string {
  if (!where.sandbox) return botDeepLink(where.botUsername, token);
  if (!INVITE_TOKEN.test(token)) throw new Error("not an invite token");
  return `${(where.publicUrl ?? "").replace(/\/+$/, "")}/simulator?start=${token}`;
}

/** The QR code of `text` as an SVG document (no styles, so the CSP allows it inline). */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

/** The QR code of `text` as a PNG, `scale` pixels per module. */
export function qrPng(text: string, { scale = 10 }: { scale?: number } = {}): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: "png", errorCorrectionLevel: "M", margin: 4, scale });
}
