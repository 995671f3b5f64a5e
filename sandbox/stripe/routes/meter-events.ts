import { Hono } from "hono";
import { type Env, type SandboxDeps, unixSeconds } from "../context.ts";
import { invalidParam, parameterMissing, StripeApiError } from "../errors.ts";
import { optionalInteger, optionalObject, optionalString, requiredString } from "../params.ts";
import type { MeterEvent } from "../types.ts";

const DEDUPE_SECONDS = 24 * 3600;
const MAX_AGE_SECONDS = 35 * 86_400;
const MAX_FUTURE_SECONDS = 5 * 60;

/**
 * `/v1/billing/meter_events`: records usage. An `identifier` seen in the last
 * 24 hours is refused with 400 (`Stripe-Should-Retry: false`), as Stripe does.
 * Events for an event name no meter has are accepted and count nowhere, like
 * Stripe's asynchronous processing; a matching meter's payload keys are checked.
 */
export function meterEventRoutes(deps: SandboxDeps) {
  const { store } = deps;
  return new Hono<Env>().post("/", (c) => {
    const p = c.var.params;
    const eventName = requiredString(p.event_name, "event_name");
    const payload = optionalObject(p.payload, "payload");
    if (!payload) throw parameterMissing("payload");
    const now = unixSeconds(deps.clock);
    const timestamp = optionalInteger(p.timestamp, "timestamp") ?? now;
    if (timestamp < now - MAX_AGE_SECONDS || timestamp > now + MAX_FUTURE_SECONDS) {
      throw invalidParam(
        "timestamp",
        "Timestamp must be within the past 35 calendar days or up to 5 minutes in the future.",
      );
    }
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(payload)) {
      if (typeof value !== "string") throw invalidParam(`payload[${key}]`, "Invalid string");
      values[key] = value;
    }
    const meter = store.meters.all().find((row) => row.event_name === eventName);
    if (meter) {
      const customerKey = meter.customer_mapping.event_payload_key;
      const valueKey = meter.value_settings.event_payload_key;
      if (!values[customerKey]) throw parameterMissing(`payload[${customerKey}]`);
      if (meter.default_aggregation.formula !== "count") {
        const value = values[valueKey];
        if (value === undefined) throw parameterMissing(`payload[${valueKey}]`);
        if (!Number.isFinite(Number(value)) || value.trim() === "") {
          throw invalidParam(`payload[${valueKey}]`, `Invalid value: ${value} is not a number.`);
        }
      }
      if (meter.status !== "active") {
        throw invalidParam("event_name", `The meter for event_name \`${eventName}\` is inactive.`);
      }
    }
    const identifier = optionalString(p.identifier, "identifier") || deps.ids("mtrevt", 24);
    if (identifier.length > 100) {
      throw invalidParam("identifier", "identifier must be at most 100 characters.");
    }
    const duplicate = store.meterEvents.some(
      (event) => event.identifier === identifier && now - event.created < DEDUPE_SECONDS,
    );
    if (duplicate) {
      throw new StripeApiError(
        400,
        {
          type: "invalid_request_error",
          param: "identifier",
          message: `An event already exists with identifier ${identifier}.`,
        },
        { headers: { "Stripe-Should-Retry": "false" } },
      );
    }
    const event: MeterEvent = {
      object: "billing.meter_event",
      created: now,
      event_name: eventName,
      identifier,
      livemode: false,
      payload: values,
      timestamp,
    };
    store.meterEvents.push(event);
    return c.json(event);
  });
}
