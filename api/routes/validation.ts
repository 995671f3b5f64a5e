import type { Hook } from "@hono/zod-validator";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { CONTROL_CHARACTER_REASON, text } from "../../lib/text.ts";

/**
 * Invalid input answers 400 in the one error shape, naming the fields (never
 * echoing values), with the reason where it is one a person can act on.
 */
// biome-ignore lint/suspicious/noExplicitAny: the hook is generic over every validated target
export const invalid: Hook<any, any, any> = (result) => {
  if (!result.success) {
    const fields = [
      ...new Set(
        result.error.issues.map((i) => {
          const field = i.path.join(".") || "body";
          return i.message === CONTROL_CHARACTER_REASON ? `${field} ${i.message}` : field;
        }),
      ),
    ];
    throw new HTTPException(400, { message: `Invalid request: ${fields.join(", ")}` });
  }
};

export const uuid = z.uuid().transform((v) => v.toLowerCase());
export const pageQuery = z.object({
  cursor: text().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
