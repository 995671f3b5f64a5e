/**
 * JSON for a customer's recurring work under
 * /api/customers/:customerId/schedules, and its time zone. Handlers parse
 * with zod, call the schedules' domain functions (the bot's and dashboard's
 * too) as the caller under RLS, and answer in the one error shape: a refused
 * operation is a 4xx with its reason. Cadences here may also be cron
 * expressions, read in the customer's zone.
 */
import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { getTimeZone, setTimeZone, TimeZoneError } from "../../accounts/index.ts";
import type { Data } from "../../db/index.ts";
import { text } from "../../lib/text.ts";
import {
  type Cadence,
  cadenceOf,
  describeCadence,
  type ScheduleControls,
  ScheduleError,
  type ScheduleView,
} from "../../schedules/index.ts";
import { customerAccess } from "../data/access.ts";
import type { AppEnv } from "../env.ts";
import { requirePrincipal } from "../middleware/authenticate.ts";
import { invalid, uuid } from "./validation.ts";

const at = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const cadence: z.ZodType<Cadence> = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("daily"), at }),
  z.object({ kind: z.literal("weekdays"), at }),
  z.object({
    kind: z.literal("weekly"),
    at,
    days: z.array(z.number().int().min(0).max(6)).min(1).max(7),
  }),
  z.object({ kind: z.literal("monthly"), at, day: z.number().int().min(1).max(31) }),
  z.object({
    kind: z.literal("hourly"),
    every: z.number().int().min(1).max(24),
    minute: z.number().int().min(0).max(59),
  }),
  z.object({ kind: z.literal("minutely"), every: z.number().int().min(1).max(60) }),
  z.object({ kind: z.literal("cron"), expression: text().min(9).max(120) }),
]);

const params = z.object({ customerId: uuid });
const scheduleParams = params.extend({ scheduleId: uuid });

const STATUS: Record<ScheduleError["code"], 403 | 404 | 409 | 422> = {
  not_found: 404,
  not_allowed: 403,
  invalid: 422,
  needs_approval: 409,
  wrong_state: 409,
};

function view(s: ScheduleView) {
  return {
    id: s.id,
    task: s.request,
    role: s.role_template,
    status: s.status,
    pausedReason: s.paused_reason,
    cadence: cadenceOf(s),
    description: describeCadence(cadenceOf(s)),
    timeZone: s.time_zone,
    nextRunAt: s.status === "active" ? s.next_run_at : null,
    lastRunAt: s.last_run_at,
    lastOutcome: s.last_outcome,
    budgetPerRunMicros: s.budget_micros === null ? null : Number(s.budget_micros),
    consecutiveFailures: s.consecutive_failures,
  };
}

/** Routes mounted at /api/customers/:customerId (schedules and time zone). */
export function createScheduleApi({
  data,
  schedules,
}: {
  data: Data;
  schedules: ScheduleControls;
}) {
  const who = (c: { get: (k: "principal") => AppEnv["Variables"]["principal"] }) =>
    requirePrincipal(c.get("principal")).userId;
  const refused = (error: unknown): never => {
    if (error instanceof ScheduleError)
      throw new HTTPException(STATUS[error.code], { message: error.message, cause: error });
    throw error;
  };
  /** The schedule, if the caller can see it as this customer's. */
  const find = async (userId: string, customerId: string, scheduleId: string) => {
    await customerAccess(data, userId, customerId);
    const found = (await schedules.list(userId, customerId)).find((s) => s.id === scheduleId);
    if (!found) throw new HTTPException(404, { message: "That schedule does not exist." });
    return found;
  };

  return new Hono<AppEnv>()
    .get("/schedules", zValidator("param", params, invalid), async (c) => {
      const { customerId } = c.req.valid("param");
      await customerAccess(data, who(c), customerId);
      return c.json({ data: (await schedules.list(who(c), customerId)).map(view) });
    })
    .get("/schedules/:scheduleId", zValidator("param", scheduleParams, invalid), async (c) => {
      const { customerId, scheduleId } = c.req.valid("param");
      const schedule = await find(who(c), customerId, scheduleId);
      const runs = await schedules.history(who(c), scheduleId, 50);
      return c.json({
        ...view(schedule),
        runs: runs.map((r) => ({
          id: r.id,
          dueAt: r.due_at,
          startedAt: r.started_at,
          outcome: r.outcome,
          late: r.late,
          manual: r.manual,
          taskId: r.task_id,
          taskStatus: r.task_status,
          result: r.result,
          error: r.error,
          costMicros: r.cost_micros === null ? null : Number(r.cost_micros),
        })),
      });
    })
    .post(
      "/schedules/:scheduleId/:action{pause|resume|run|skip}",
      zValidator(
        "param",
        scheduleParams.extend({ action: z.enum(["pause", "resume", "run", "skip"]) }),
        invalid,
      ),
      async (c) => {
        const { customerId, scheduleId, action } = c.req.valid("param");
        await find(who(c), customerId, scheduleId);
        try {
          if (action === "pause") await schedules.pause(who(c), scheduleId);
          else if (action === "resume") await schedules.resume(who(c), scheduleId);
          else if (action === "skip") await schedules.skip(who(c), scheduleId);
          else {
            const run = await schedules.runNow(who(c), scheduleId);
            return c.json(
              {
                outcome: run.outcome,
                ...(run.outcome === "started" ? { taskId: run.taskId } : {}),
              },
              run.outcome === "started" ? 202 : 409,
            );
          }
        } catch (error) {
          return refused(error);
        }
        return c.json(view(await find(who(c), customerId, scheduleId)));
      },
    )
    .patch(
      "/schedules/:scheduleId",
      zValidator("param", scheduleParams, invalid),
      zValidator(
        "json",
        z
          .object({
            cadence: cadence.optional(),
            task: text({ multiline: true }).min(1).max(4000).optional(),
          })
          .refine((b) => b.cadence !== undefined || b.task !== undefined, "nothing to change"),
        invalid,
      ),
      async (c) => {
        const { customerId, scheduleId } = c.req.valid("param");
        const body = c.req.valid("json");
        await find(who(c), customerId, scheduleId);
        try {
          await schedules.edit(who(c), scheduleId, {
            ...(body.cadence ? { cadence: body.cadence } : {}),
            ...(body.task ? { task: body.task } : {}),
          });
        } catch (error) {
          return refused(error);
        }
        return c.json(view(await find(who(c), customerId, scheduleId)));
      },
    )
    .delete("/schedules/:scheduleId", zValidator("param", scheduleParams, invalid), async (c) => {
      const { customerId, scheduleId } = c.req.valid("param");
      await find(who(c), customerId, scheduleId);
      try {
        await schedules.remove(who(c), scheduleId);
      } catch (error) {
        return refused(error);
      }
      return c.body(null, 204);
    })
    .get("/time-zone", zValidator("param", params, invalid), async (c) => {
      const { customerId } = c.req.valid("param");
      await customerAccess(data, who(c), customerId);
      return c.json({ timeZone: (await getTimeZone(data, who(c), customerId)) ?? "UTC" });
    })
    .put(
      "/time-zone",
      zValidator("param", params, invalid),
      zValidator("json", z.object({ timeZone: text().min(1).max(64) }), invalid),
      async (c) => {
        const { customerId } = c.req.valid("param");
        await customerAccess(data, who(c), customerId);
        try {
          const set = await setTimeZone(data, {
            userId: who(c),
            customerId,
            timeZone: c.req.valid("json").timeZone,
          });
          return c.json(set);
        } catch (error) {
          if (error instanceof TimeZoneError)
            throw new HTTPException(error.code === "invalid" ? 422 : 403, {
              message: error.message,
            });
          throw error;
        }
      },
    );
}
