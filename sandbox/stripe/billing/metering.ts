import type { Store } from "../store.ts";
import type { Meter } from "../types.ts";

/**
 * Aggregates one customer's events for a meter over `[start, end)` (unix
 * seconds) with the meter's formula: `sum` of values, `count` of events, or
 * the `last` value by timestamp.
 */
export function aggregateUsage(
  store: Store,
  meter: Meter,
  customer: string,
  start: number,
  end: number,
): number {
  const customerKey = meter.customer_mapping.event_payload_key;
  const valueKey = meter.value_settings.event_payload_key;
  const events = store.meterEvents.filter(
    (event) =>
      event.event_name === meter.event_name &&
      event.payload[customerKey] === customer &&
      event.timestamp >= start &&
      event.timestamp < end,
  );
  switch (meter.default_aggregation.formula) {
    case "count":
      return events.length;
    case "last": {
      // Later timestamps win; among equal timestamps the later arrival wins.
      const last = events.reduce<(typeof events)[number] | undefined>(
        (latest, event) => (!latest || event.timestamp >= latest.timestamp ? event : latest),
        undefined,
      );
      return last ? Number(last.payload[valueKey]) : 0;
    }
    case "sum":
      return events.reduce((sum, event) => sum + Number(event.payload[valueKey]), 0);
  }
}
