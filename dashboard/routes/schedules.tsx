/**
 * The schedule pages under /c/:customerId/schedules. They parse, call the
 * schedules' domain functions (the same the bot and the API call) and
 * render; a refused operation comes back as the page with its reason.
 */
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { getTimeZone, setTimeZone, TimeZoneError } from "../../accounts/index.ts";
import { customerAccess } from "../../api/data/access.ts";
import { uuidParam } from "../../api/data/errors.ts";
import type { AppEnv } from "../../api/env.ts";
import { type ScheduleControls, ScheduleError } from "../../schedules/index.ts";
import type { CtxOf, DashboardDeps } from "../deps.ts";
import { principalOf } from "../middleware.tsx";
import { ScheduleRunsPage, SchedulesPage } from "../pages/schedules.tsx";

const FLASH: Record<string, string> = {
  paused: "Paused: it won't run until you resume it.",
  resumed: "Resumed.",
  started: "Started: the run is queued for its knight.",
  over_budget: "Not started: this run would pass the monthly spend cap.",
  suspended: "Not started: the account is suspended.",
  invalid: "Not started: this schedule can no longer compute its times, so it was paused.",
  duplicate: "Not started: a run for this moment already exists; try again in a minute.",
  zone: "Time zone saved; schedules now run on its clock.",
};

const STATUS: Record<ScheduleError["code"], 400 | 403 | 404 | 409 | 422> = {
  not_found: 404,
  not_allowed: 403,
  invalid: 422,
  needs_approval: 409,
  wrong_state: 409,
};

/** Routes mounted at /c (behind the page guard), next to the customer's other pages. */
export function createSchedulePages(
  deps: DashboardDeps & { schedules: ScheduleControls },
  ctxOf: CtxOf,
) {
  const { data, schedules } = deps;
  const app = new Hono<AppEnv>();
  const access = (c: Context<AppEnv>) =>
    customerAccess(data, principalOf(c).userId, uuidParam(c.req.param("customerId")));
  const refused = (error: unknown): never => {
    if (error instanceof ScheduleError)
      throw new HTTPException(STATUS[error.code], { message: error.message });
    throw error;
  };

  app.get("/:customerId/schedules", async (c) => {
    const customer = await access(c);
    const userId = principalOf(c).userId;
    const [list, timeZone] = [
      await schedules.list(userId, customer.id),
      (await getTimeZone(data, userId, customer.id)) ?? "UTC",
    ];
    const flash = FLASH[c.req.query("done") ?? ""];
    return c.html(
      <SchedulesPage
        ctx={ctxOf(c)}
        customer={customer}
        schedules={list}
        timeZone={timeZone}
        {...(flash ? { flash } : {})}
      />,
    );
  });

  app.post("/:customerId/schedules/time-zone", async (c) => {
    const customer = await access(c);
    const body = await c.req.parseBody();
    try {
      await setTimeZone(data, {
        userId: principalOf(c).userId,
        customerId: customer.id,
        timeZone: typeof body.timeZone === "string" ? body.timeZone : "",
      });
    } catch (error) {
      if (error instanceof TimeZoneError)
        throw new HTTPException(error.code === "invalid" ? 422 : 403, { message: error.message });
      throw error;
    }
    return c.redirect(`/c/${customer.id}/schedules?done=zone`, 303);
  });

  app.get("/:customerId/schedules/:scheduleId", async (c) => {
    const customer = await access(c);
    const userId = principalOf(c).userId;
    const id = uuidParam(c.req.param("scheduleId"));
    const schedule = (await schedules.list(userId, customer.id)).find((s) => s.id === id);
    if (!schedule) throw new HTTPException(404, { message: "That schedule does not exist." });
    const runs = await schedules.history(userId, id);
    return c.html(
      <ScheduleRunsPage ctx={ctxOf(c)} customer={customer} schedule={schedule} runs={runs} />,
    );
  });

  app.post("/:customerId/schedules/:scheduleId/:action{pause|resume|run}", async (c) => {
    const customer = await access(c);
    const userId = principalOf(c).userId;
    const id = uuidParam(c.req.param("scheduleId"));
    const owned = (await schedules.list(userId, customer.id)).some((s) => s.id === id);
    if (!owned) throw new HTTPException(404, { message: "That schedule does not exist." });
    const action = c.req.param("action");
    let done: string;
    try {
      if (action === "pause") {
        await schedules.pause(userId, id);
        done = "paused";
      } else if (action === "resume") {
        await schedules.resume(userId, id);
        done = "resumed";
      } else done = (await schedules.runNow(userId, id)).outcome;
    } catch (error) {
      return refused(error);
    }
    return c.redirect(`/c/${customer.id}/schedules?done=${done}`, 303);
  });

  return app;
}
