import { createHash } from "node:crypto";
import { invalidRequest } from "../api-error.ts";
import { decodeBase64Strict, IMAGE_MEDIA_TYPES, parseDataUrl, sniffImage } from "../image-info.ts";
import { UNKNOWN_IMAGE } from "../tokens.ts";
import type { ImageInfo } from "../types.ts";

/**
 * Checks an image URL as OpenAI does: http(s) URLs are taken on trust (the
 * sandbox cannot fetch them), data URLs must hold a real png/jpeg/gif/webp.
 * The digest lets the prompt cache tell two same-sized screenshots apart.
 */
export function validateImageUrl(url: unknown, param: string): ImageInfo {
  if (typeof url !== "string" || url === "") {
    throw invalidRequest(`Missing required parameter: '${param}'.`, {
      param,
      code: "missing_required_parameter",
    });
  }
  const digest = createHash("sha256").update(url).digest("hex");
  if (/^https?:\/\//.test(url)) return { ...UNKNOWN_IMAGE, digest };
  const data = parseDataUrl(url);
  if (!data) {
    throw invalidRequest(
      `Invalid '${param}'. Expected a valid URL, but got a value with an invalid format.`,
      {
        param,
        code: "invalid_value",
      },
    );
  }
  const bytes = decodeBase64Strict(data.data);
  const info = bytes && sniffImage(bytes);
  if (!(IMAGE_MEDIA_TYPES as readonly string[]).includes(data.mediaType) || !info) {
    throw invalidRequest(
      "You uploaded an unsupported image. Please make sure your image has of one the following formats: ['png', 'jpeg', 'gif', 'webp'].",
      { param, code: "invalid_image_format" },
    );
  }
  return { ...info, digest };
}
