import { invalidRequest, ModelApiError } from "../api-error.ts";
import { decodeBase64Strict, IMAGE_MEDIA_TYPES, sniffImage } from "../image-info.ts";
import { isObject } from "../json.ts";
import { UNKNOWN_IMAGE } from "../tokens.ts";
import type { ImageInfo } from "../types.ts";

const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const MAX_SIDE_PX = 8000;

/**
 * Checks an image block the way the API does (media type, base64, the bytes
 * really being that type, size limits) and returns what the model will see.
 * URL and file images cannot be fetched here and count as a typical image.
 */
export function validateImageBlock(block: Record<string, unknown>, path: string): ImageInfo {
  const source = block.source;
  if (!isObject(source)) throw invalidRequest(`${path}.image.source: Field required`);
  if (source.type === "url") {
    if (typeof source.url !== "string" || !/^https?:\/\//.test(source.url)) {
      throw invalidRequest(`${path}.image.source.url.url: Input should be a valid URL`);
    }
    return UNKNOWN_IMAGE;
  }
  if (source.type === "file") {
    if (typeof source.file_id !== "string")
      throw invalidRequest(`${path}.image.source.file.file_id: Field required`);
    return UNKNOWN_IMAGE;
  }
  if (source.type !== "base64") {
    throw invalidRequest(
      `${path}.image.source: Input tag '${String(source.type)}' found using 'type' does not match any of the expected tags: 'base64', 'url', 'file'`,
    );
  }
  const at = `${path}.image.source.base64`;
  const mediaType = source.media_type;
  if (
    typeof mediaType !== "string" ||
    !(IMAGE_MEDIA_TYPES as readonly string[]).includes(mediaType)
  ) {
    throw invalidRequest(
      `${at}.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`,
    );
  }
  if (typeof source.data !== "string") throw invalidRequest(`${at}.data: Field required`);
  const bytes = decodeBase64Strict(source.data);
  if (!bytes)
    throw invalidRequest(`${at}.data: Invalid base64 data: the image could not be decoded`);
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw invalidRequest(
      `${at}.data: image exceeds 5 MB maximum: ${bytes.length} bytes > ${MAX_IMAGE_BYTES} bytes`,
    );
  }
  const info = sniffImage(bytes);
  if (!info)
    throw invalidRequest(`${at}.data: Could not process image: not a valid ${mediaType} image`);
  if (info.mediaType !== mediaType) {
    throw invalidRequest(
      `${at}.data: The image was specified using the ${mediaType} media type, but the image appears to be a ${info.mediaType} image`,
    );
  }
  if (info.width > MAX_SIDE_PX || info.height > MAX_SIDE_PX) {
    throw new ModelApiError(
      400,
      "invalid_request_error",
      `${at}.data: At least one of the image dimensions exceed max allowed size: ${MAX_SIDE_PX} pixels`,
      {
        details: {
          error_code: "image_dimensions_too_large",
          max_side_length_pixels: MAX_SIDE_PX,
          paths: [path],
        },
      },
    );
  }
  return info;
}
