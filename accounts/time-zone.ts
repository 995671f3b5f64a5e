/**
 * Setting a customer's time zone: the one function the bot's /timezone, the
 * onboarding conversation, the dashboard and the JSON API call. Managers
 * (owner, admin) may change it, as RLS decides; the zone must be an IANA name
 * (offsets would not follow daylight-saving time). Active schedules move to
 * their next slot in the new zone at once, so "every day at 8" keeps meaning
 * 8:00 where the customer is.
 */
import { audit } from "../audit/index.ts";
import type { Data } from "../db/index.ts";
import {
  DEFAULT_TIME_ZONE,
  guessTimeZone,
  normalizeTimeZone,
  rescheduleCustomer,
} from "../schedules/index.ts";

/** A time zone could not be set; `message` is safe to show. */
export class TimeZoneError extends Error {
  override name = "TimeZoneError";
  readonly code: "invalid" | "not_allowed";
  constructor(message: string, code: "invalid" | "not_allowed") {
    super(message);
    this.code = code;
  }
}

/** Sets the customer's zone as `userId`; returns the canonical name and how many schedules moved. */
export async function setTimeZone(
  data: Data,
  r: { userId: string; customerId: string; timeZone: string; now?: Date },
): Promise<{ timeZone: string; schedulesMoved: number }> {
  const zone = normalizeTimeZone(r.timeZone);
  if (!zone)
    throw new TimeZoneError(
      `"${r.timeZone.slice(0, 64)}" is not a time zone I know. Use a name like Europe/Berlin or America/New_York.`,
      "invalid",
    );
  const changed = await data.asUser({ sub: r.userId }, async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      "update public.customers set time_zone = $2, updated_at = now() where id = $1 returning id",
      [r.customerId, zone],
    );
    if (rows[0])
      await audit(tx, {
        action: "customer.time_zone_set",
        targetType: "customer",
        targetId: r.customerId,
        customerId: r.customerId,
        detail: { timeZone: zone },
      });
    return rows.length === 1;
  });
  if (!changed)
    throw new TimeZoneError("Only an owner or admin can change the time zone.", "not_allowed");
  const schedulesMoved = await data.asService("accounts: reschedule for new time zone", (tx) =>
    rescheduleCustomer(tx, r.customerId, zone, r.now ?? new Date()),
  );
  return { timeZone: zone, schedulesMoved };
}

/** The customer's zone as `userId` sees it. */
export async function getTimeZone(data: Data, userId: string, customerId: string) {
  const { rows } = await data.asUser({ sub: userId }, (tx) =>
    tx.query<{ time_zone: string }>("select time_zone from public.customers where id = $1", [
      customerId,
    ]),
  );
  return rows[0]?.time_zone;
}

/**
 * During onboarding: when the customer still has the default zone, adopt the
 * guess from the Telegram `language_code` (see `guessTimeZone`). Returns the
 * zone in effect and whether it was a guess, so the bot can say so.
 */
export async function adoptGuessedTimeZone(
  data: Data,
  r: { userId: string; customerId: string; languageCode?: string | undefined },
): Promise<{ timeZone: string; guessed: boolean }> {
  const current = (await getTimeZone(data, r.userId, r.customerId)) ?? DEFAULT_TIME_ZONE;
  const guess = guessTimeZone(r.languageCode);
  if (current !== DEFAULT_TIME_ZONE || guess === DEFAULT_TIME_ZONE)
    return { timeZone: current, guessed: false };
  try {
    return {
      timeZone: (await setTimeZone(data, { ...r, timeZone: guess })).timeZone,
      guessed: true,
    };
  } catch (error) {
    // A member who may not change it keeps the customer's zone.
    if (error instanceof TimeZoneError) return { timeZone: current, guessed: false };
    throw error;
  }
}
