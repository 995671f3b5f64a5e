import { Hono } from "hono";
import { aggregateUsage } from "../billing/metering.ts";
import { type Env, eventRequest, type SandboxDeps, unixSeconds } from "../context.ts";
import { invalidParam, invalidRequest, parameterMissing, resourceMissing } from "../errors.ts";
import { changedFields } from "../events.ts";
import { paginate } from "../list.ts";
import {
  optionalEnum,
  optionalInteger,
  optionalObject,
  optionalString,
  requiredString,
} from "../params.ts";
import type { Meter } from "../types.ts";

const WINDOW_SECONDS = { hour: 3600, day: 86_400 } as const;

/** `/v1/billing/meters`: create, retrieve, update, list, (de|re)activate, event summaries. */
export function meterRoutes(deps: SandboxDeps) {
  const { store, events } = deps;
  const find = (id: string): Meter => {
    const meter = store.meters.get(id);
    if (!meter) throw resourceMissing("billing meter", id);
    return meter;
  };
  const setStatus = (meter: Meter, status: Meter["status"]) => {
    const before = structuredClone(meter);
    meter.status = status;
    meter.status_transitions = {
      deactivated_at: status === "inactive" ? unixSeconds(deps.clock) : null,
    };
    meter.updated = unixSeconds(deps.clock);
    return changedFields(before, meter);
  };

  return new Hono<Env>()
    .post("/", (c) => {
      const p = c.var.params;
      const displayName = requiredString(p.display_name, "display_name");
      const eventName = requiredString(p.event_name, "event_name");
      const aggregation = optionalObject(p.default_aggregation, "default_aggregation");
      const formula = optionalEnum(aggregation?.formula, "default_aggregation[formula]", [
        "count",
        "last",
        "sum",
      ] as const);
      if (!formula) throw parameterMissing("default_aggregation[formula]");
      if (store.meters.all().some((meter) => meter.event_name === eventName)) {
        throw invalidParam(
          "event_name",
          `A meter with event_name \`${eventName}\` already exists.`,
        );
      }
      const mapping = optionalObject(p.customer_mapping, "customer_mapping");
      const valueSettings = optionalObject(p.value_settings, "value_settings");
      const now = unixSeconds(deps.clock);
      const meter = store.meters.put({
        id: deps.ids("mtr_test", 32),
        object: "billing.meter",
        created: now,
        customer_mapping: {
          event_payload_key:
            optionalString(mapping?.event_payload_key, "customer_mapping[event_payload_key]") ??
            "stripe_customer_id",
          type: "by_id",
        },
        default_aggregation: { formula },
        display_name: displayName,
        event_name: eventName,
        event_time_window: optionalString(p.event_time_window, "event_time_window") ?? null,
        livemode: false,
        status: "active",
        status_transitions: { deactivated_at: null },
        updated: now,
        value_settings: {
          event_payload_key:
            optionalString(valueSettings?.event_payload_key, "value_settings[event_payload_key]") ??
            "value",
        },
      });
      events.emit("billing.meter.created", meter, { request: eventRequest(c) });
      return c.json(meter);
    })
    .get("/", (c) => {
      const status = optionalString(c.var.params.status, "status");
      const rows = store.meters
        .all()
        .filter((row) => status === undefined || row.status === status);
      return c.json(paginate(rows, c.var.params, "/v1/billing/meters", "billing meter"));
    })
    .get("/:id", (c) => c.json(find(c.req.param("id"))))
    .post("/:id", (c) => {
      const meter = find(c.req.param("id"));
      const before = structuredClone(meter);
      const displayName = optionalString(c.var.params.display_name, "display_name");
      if (displayName) meter.display_name = displayName;
      const previous = changedFields(before, meter);
      if (previous) {
        meter.updated = unixSeconds(deps.clock);
        events.emit("billing.meter.updated", meter, {
          previousAttributes: previous,
          request: eventRequest(c),
        });
      }
      return c.json(meter);
    })
    .post("/:id/deactivate", (c) => {
      const meter = find(c.req.param("id"));
      const previous = setStatus(meter, "inactive");
      if (previous)
        events.emit("billing.meter.deactivated", meter, {
          previousAttributes: previous,
          request: eventRequest(c),
        });
      return c.json(meter);
    })
    .post("/:id/reactivate", (c) => {
      const meter = find(c.req.param("id"));
      const previous = setStatus(meter, "active");
      if (previous)
        events.emit("billing.meter.reactivated", meter, {
          previousAttributes: previous,
          request: eventRequest(c),
        });
      return c.json(meter);
    })
    .get("/:id/event_summaries", (c) => {
      const meter = find(c.req.param("id"));
      const p = c.var.params;
      const customer = requiredString(p.customer, "customer");
      const start = optionalInteger(p.start_time, "start_time");
      const end = optionalInteger(p.end_time, "end_time");
      if (start === undefined) throw parameterMissing("start_time");
      if (end === undefined) throw parameterMissing("end_time");
      const grouping = optionalEnum(p.value_grouping_window, "value_grouping_window", [
        "day",
        "hour",
      ] as const);
      const step = grouping ? WINDOW_SECONDS[grouping] : 60;
      for (const [param, value] of [
        ["start_time", start],
        ["end_time", end],
      ] as const) {
        if (value % step !== 0) {
          const unit = grouping ?? "minute";
          throw invalidParam(param, `The ${param} must be aligned with ${unit} boundaries.`);
        }
      }
      if (end <= start) throw invalidRequest("The end_time must be after the start_time.");
      const windows = grouping
        ? Array.from({ length: (end - start) / step }, (_, i) => [
            start + i * step,
            start + (i + 1) * step,
          ])
        : [[start, end]];
      const summaries = windows.map(([from = 0, to = 0]) => ({
        id: deps.ids("mtrusg_test", 32),
        object: "billing.meter_event_summary" as const,
        aggregated_value: aggregateUsage(store, meter, customer, from, to),
        created: from,
        end_time: to,
        livemode: false,
        meter: meter.id,
        start_time: from,
      }));
      const page = paginate(summaries, p, `/v1/billing/meters/${meter.id}/event_summaries`);
      return c.json({
        ...page,
        data: page.data.map(({ created: _created, ...summary }) => summary),
      });
    });
}
