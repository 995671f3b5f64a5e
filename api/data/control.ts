/**
 * Take-over for the web channels (dashboard, JSON API, Mini App): the input
 * a person's action may take, checked once here for all three, and the
 * take-over's errors as HTTP answers. The operations themselves are the
 * knights' (`agents/knights/takeover.ts`); the channels only call them.
 */
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
// Types only: this module is in the edge Worker's bundle, which holds nothing of agents/
// (BullMQ, ioredis); the take-over's errors are told apart by name.
import type { ActResult, CustomerAction, DesktopControl } from "../../agents/knights/takeover.ts";
import { text } from "../../lib/text.ts";

/** What the web channels need of the take-over (the knights' `control`). */
export type ControlPort = Pick<DesktopControl, "state" | "take" | "act" | "handBack">;

const coordinate = z.coerce.number().int().min(0).max(10_000);
/** xdotool key names and combinations (`Return`, `ctrl+shift+t`, `F5`). */
const KEY = /^[A-Za-z0-9_]+(\+[A-Za-z0-9_]+){0,3}$/;

/** A person's action as a form or JSON body. */
export const customerActionSchema: z.ZodType<CustomerAction> = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("click"),
    x: coordinate,
    y: coordinate,
    button: z.enum(["left", "right"]).optional(),
    double: z
      .union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")])
      .optional(),
  }),
  z.object({ type: z.literal("type"), text: text({ multiline: true }).min(1).max(2_000) }),
  z.object({ type: z.literal("key"), key: z.string().max(40).regex(KEY) }),
  z.object({
    type: z.literal("scroll"),
    direction: z.enum(["up", "down"]),
    amount: z.coerce.number().int().min(1).max(20).optional(),
    x: coordinate.optional(),
    y: coordinate.optional(),
  }),
]) as z.ZodType<CustomerAction>;

export const handBackSchema = z.object({ note: text({ multiline: true }).max(2_000).optional() });

/** Parses an action from any body; a bad one is a 400 naming the fields. */
export function parseAction(body: unknown): CustomerAction {
  const parsed = customerActionSchema.safeParse(body);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".") || "type"))];
    throw new HTTPException(400, { message: `Invalid action: ${fields.join(", ")}` });
  }
  return parsed.data;
}

/** Runs a take-over operation, turning its refusals into 404 / 403 / 409. */
export async function controlCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const name = (error as { name?: string } | null)?.name;
    const message = (error as Error).message;
    if (name === "DesktopNotFoundError")
      throw new HTTPException(404, { message: "No such employee", cause: error });
    if (name === "ControlForbiddenError") throw new HTTPException(403, { message, cause: error });
    if (name === "ControlConflictError") throw new HTTPException(409, { message, cause: error });
    throw error;
  }
}

/** An action's result as JSON: the new screen inline (base64), ready to paint. */
export const actResultJson = (result: ActResult) => ({
  seq: result.seq,
  ok: result.ok,
  ...(result.error ? { error: result.error } : {}),
  frame: {
    sha256: result.frame.sha256,
    contentType: result.frame.contentType,
    width: result.frame.width,
    height: result.frame.height,
    data: result.frame.bytes.toString("base64"),
  },
});
