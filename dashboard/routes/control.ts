/**
 * The dashboard's take-over calls, made by the live view's script
 * (`assets/live-client.ts`) on an employee's page: form posts carrying the
 * page's form token, answered in JSON (`{ error }` with 403/404/409 when
 * refused) so the script can show why. The operations are the knights'.
 */
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ControlPrincipal, DesktopTarget } from "../../agents/knights/index.ts";
import {
  actResultJson,
  type ControlPort,
  controlCall,
  handBackSchema,
  parseAction,
} from "../../api/data/control.ts";
import { uuidParam } from "../../api/data/errors.ts";
import type { AppEnv } from "../../api/env.ts";
import { principalOf } from "../middleware.tsx";

const PATH = "/:customerId/employees/:employeeId/control";

/** Routes mounted with the customer pages at /c. */
export function createControlPages({ control }: { control: ControlPort }) {
  const app = new Hono<AppEnv>();
  const call = async (
    c: Context<AppEnv>,
    fn: (who: ControlPrincipal, target: DesktopTarget) => Promise<unknown>,
  ) => {
    try {
      const target = {
        customerId: uuidParam(c.req.param("customerId")),
        employeeId: uuidParam(c.req.param("employeeId")),
      };
      const result = await controlCall(() => fn({ userId: principalOf(c).userId }, target));
      return c.json(result as object);
    } catch (error) {
      if (error instanceof HTTPException)
        return c.json({ error: error.message }, error.status as 400 | 403 | 404 | 409);
      throw error;
    }
  };
  const form = async (c: Context<AppEnv>) => {
    const body = await c.req.parseBody();
    const { _csrf: _token, ...fields } = body;
    return fields;
  };

  app.get(PATH, (c) => call(c, (who, target) => control.state(who, target)));
  app.post(`${PATH}/take`, (c) => call(c, (who, target) => control.take(who, target)));
  app.post(`${PATH}/act`, async (c) =>
    call(c, async (who, target) => {
      const action = parseAction(await form(c));
      const result = await control.act(who, target, action);
      // How long Orgo itself took, so the platform's own share can be read off (the bench does).
      c.header("server-timing", `orgo;dur=${result.orgoMs.toFixed(1)}`);
      return actResultJson(result);
    }),
  );
  app.post(`${PATH}/handback`, async (c) =>
    call(c, async (who, target) => {
      const parsed = handBackSchema.safeParse(await form(c));
      if (!parsed.success) throw new HTTPException(400, { message: "The note is too long" });
      return control.handBack(who, target, parsed.data.note);
    }),
  );
  return app;
}
