import type { ImageInfo } from "./types.ts";

/**
 * Deterministic stand-ins for the providers' tokenizers. Good enough for
 * budgets and benchmarks: same input, same count, growing with what was sent.
 */
export const TOKEN_COSTS = {
  /** Anthropic's hidden tool-use system prompt, added once when tools are offered. */
  toolUseSystemPrompt: 346,
  /** Anthropic's computer tool definition (per its pricing page). */
  computerToolDefinition: 735,
  /** Role markers and separators around each message. */
  perMessage: 3,
  /** OpenAI primes every reply with a few tokens. */
  openaiReplyPriming: 3,
} as const;

/** About four characters per token, as both providers suggest for English. */
export function textTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Tokens for a JSON value (tool inputs, schemas) counted as its compact text. */
export function jsonTokens(value: unknown): number {
  return textTokens(JSON.stringify(value) ?? "");
}

/**
 * Anthropic: width × height / 750 after the server's downscale (long edge at
 * most 1568 px, about 1600 tokens at most): 1280×800 costs about 1365.
 */
export function anthropicImageTokens({ width, height }: ImageInfo): number {
  const area = width * height;
  if (area === 0) return 1;
  const scale = Math.min(1, 1568 / Math.max(width, height), Math.sqrt((1600 * 750) / area));
  return Math.max(1, Math.round((area * scale * scale) / 750));
}

/** Image size assumed for URL images, which the sandbox cannot fetch. */
export const UNKNOWN_IMAGE: ImageInfo = { width: 1092, height: 1092, mediaType: "image/png" };

/**
 * OpenAI's tile rule: fit in 2048², shortest side to 768, then 170 per
 * 512-px tile plus 85; `low` detail is a flat 85.
 */
export function openaiImageTokens({ width, height }: ImageInfo, detail = "auto"): number {
  if (detail === "low" || width === 0 || height === 0) return 85;
  let w = width;
  let h = height;
  const fit = Math.min(1, 2048 / Math.max(w, h));
  w *= fit;
  h *= fit;
  const shorten = Math.min(1, 768 / Math.min(w, h));
  w *= shorten;
  h *= shorten;
  return 170 * Math.ceil(w / 512) * Math.ceil(h / 512) + 85;
}
