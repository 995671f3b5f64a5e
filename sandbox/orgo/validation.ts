import type { Context } from "hono";
import type { z } from "zod";
import { invalid, OrgoApiError } from "./errors.ts";

/** Reads a JSON body (empty means `{}`) and validates it, or throws a 400 naming the field. */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  const text = await c.req.text();
  let raw: unknown = {};
  if (text.trim() !== "") {
    try {
      raw = JSON.parse(text);
    } catch (cause) {
      throw new OrgoApiError(400, "Request body must be valid JSON", { cause });
    }
  }
  return parse(schema, raw);
}

/** Validates `value` against `schema`, or throws a 400 with the first problem. */
export function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join(".");
  const message =
    field && !issue.message.startsWith(field) ? `${field}: ${issue.message}` : issue.message;
  throw invalid(message);
}
