/**
 * JSON for taking over a knight's desktop, under
 * /api/customers/:customerId/employees/:employeeId/control: read who holds
 * it, take it, act (one click, text, key or scroll; the answer carries the
 * new screen), hand it back with a note. Another customer's employee is a
 * 404, a viewer's attempt a 403, someone else at the controls a 409.
 */
import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { z } from "zod";
import {
  actResultJson,
  type ControlPort,
  controlCall,
  handBackSchema,
  parseAction,
} from "../data/control.ts";
import type { AppEnv } from "../env.ts";
import { requirePrincipal } from "../middleware/authenticate.ts";
import { invalid, uuid } from "./validation.ts";

const params = z.object({ customerId: uuid, employeeId: uuid });
const PATH = "/customers/:customerId/employees/:employeeId/control";

/** Routes mounted at /api. */
export function createControlApi({ control }: { control: ControlPort }) {
  const who = (c: { get: (k: "principal") => AppEnv["Variables"]["principal"] }) => ({
    userId: requirePrincipal(c.get("principal")).userId,
  });
  return new Hono<AppEnv>()
    .get(PATH, zValidator("param", params, invalid), async (c) =>
      c.json(await controlCall(() => control.state(who(c), c.req.valid("param")))),
    )
    .post(PATH, zValidator("param", params, invalid), async (c) =>
      c.json(await controlCall(() => control.take(who(c), c.req.valid("param")))),
    )
    .post(`${PATH}/actions`, zValidator("param", params, invalid), async (c) => {
      const action = parseAction(await c.req.json().catch(() => ({})));
      const result = await controlCall(() => control.act(who(c), c.req.valid("param"), action));
      c.header("server-timing", `orgo;dur=${result.orgoMs.toFixed(1)}`);
      return c.json(actResultJson(result));
    })
    .post(
      `${PATH}/handback`,
      zValidator("param", params, invalid),
      zValidator("json", handBackSchema, invalid),
      async (c) => {
        const { note } = c.req.valid("json");
        return c.json(
          await controlCall(() => control.handBack(who(c), c.req.valid("param"), note)),
        );
      },
    );
}
