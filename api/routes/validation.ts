import type { Hook } from "@hono/zod-validator";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";

/** Invalid input answers 400 in the one error shape, naming the fields (never echoing values). */
// biome-ignore lint/suspicious/noExplicitAny: the hook is generic over every validated target
export const invalid: Hook<any, any, any> = (result) => {
  if (!result.success) {
    const fields = [...new Set(result.error.issues.map((i) => i.path.join(".") || "body"))];
    throw new HTTPException(400, { message: `Invalid request: ${fields.join(", ")}` });
  }
};

export const uuid = z.uuid().transform((v) => v.toLowerCase());
export const pageQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
