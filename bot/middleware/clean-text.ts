import type { MiddlewareFn } from "grammy";
import { withoutControlCharacters } from "../../lib/text.ts";
import type { MouseContext } from "../context.ts";

/**
 * First in line: the update's text without NUL and the other C0 control
 * characters (tab and line breaks stay). Postgres stores no NUL in text or
 * jsonb, so a name, an answer or a chat message carrying one failed wherever
 * it was written; a chat cannot be answered "400", so the characters go.
 */
export const cleanText = (): MiddlewareFn<MouseContext> =>
  async function cleanText(ctx, next) {
    const update = ctx.update as unknown as Record<string, unknown>;
    const cleaned = withoutControlCharacters(update);
    for (const key of Object.keys(update)) update[key] = cleaned[key];
    await next();
  };
