import { describe, expect, test } from "vitest";
import {
  type Cadence,
  describeCadence,
  InvalidCadenceError,
  nextRun,
  nextRuns,
  runsPerMonth,
  validateCadence,
} from "./cadence.ts";
import { formatInZone, guessTimeZone, normalizeTimeZone } from "./time-zones.ts";

const iso = (d: Date) => d.toISOString();
const at = (text: string) => new Date(text);

describe("daily in Europe/Berlin across daylight-saving changes", () => {
  const daily: Cadence = { kind: "daily", at: "08:00" };
  test("spring forward (29 March 2026): 08:00 local is 07:00 UTC before, 06:00 UTC after", () => {
    const runs = nextRuns(daily, "Europe/Berlin", at("2026-03-27T12:00:00Z"), 4);
    expect(runs.map(iso)).toEqual([
      "2026-03-28T07:00:00.000Z",
      "2026-03-29T06:00:00.000Z",
      "2026-03-30T06:00:00.000Z",
      "2026-03-31T06:00:00.000Z",
    ]);
    for (const run of runs) expect(formatInZone(run, "Europe/Berlin")).toMatch(/08:00/);
  });
  test("fall back (25 October 2026): 06:00 UTC before, 07:00 UTC after", () => {
    expect(nextRuns(daily, "Europe/Berlin", at("2026-10-23T12:00:00Z"), 3).map(iso)).toEqual([
      "2026-10-24T06:00:00.000Z",
      "2026-10-25T07:00:00.000Z",
      "2026-10-26T07:00:00.000Z",
    ]);
  });
  test("a time that does not exist on the spring-forward day runs once, at the first that does", () => {
    const runs = nextRuns(
      { kind: "daily", at: "02:30" },
      "Europe/Berlin",
      at("2026-03-28T12:00:00Z"),
      2,
    );
    expect(runs.map(iso)).toEqual(["2026-03-29T01:00:00.000Z", "2026-03-30T00:30:00.000Z"]);
  });
  test("a time that happens twice on the fall-back day runs once", () => {
    const runs = nextRuns(
      { kind: "daily", at: "02:30" },
      "Europe/Berlin",
      at("2026-10-24T12:00:00Z"),
      2,
    );
    expect(runs.map(iso)).toEqual(["2026-10-25T00:30:00.000Z", "2026-10-26T01:30:00.000Z"]);
  });
  test("strictly after: a run due exactly now is the next one, not this one", () => {
    expect(iso(nextRun(daily, "Europe/Berlin", at("2026-03-28T07:00:00Z")))).toBe(
      "2026-03-29T06:00:00.000Z",
    );
  });
});

describe("the other cadences", () => {
  test("weekdays skip the weekend", () => {
    // Friday 20 Nov 2026, 10:00 UTC, in New York (EST, UTC-5).
    const runs = nextRuns(
      { kind: "weekdays", at: "09:00" },
      "America/New_York",
      at("2026-11-20T15:00:00Z"),
      2,
    );
    expect(runs.map(iso)).toEqual(["2026-11-23T14:00:00.000Z", "2026-11-24T14:00:00.000Z"]);
  });
  test("weekly on chosen days", () => {
    const runs = nextRuns(
      { kind: "weekly", at: "07:30", days: [3, 1] },
      "UTC",
      at("2026-11-22T10:00:00Z"), // a Sunday
      3,
    );
    expect(runs.map(iso)).toEqual([
      "2026-11-23T07:30:00.000Z",
      "2026-11-25T07:30:00.000Z",
      "2026-11-30T07:30:00.000Z",
    ]);
  });
  test("monthly on the 31st runs on the last day of shorter months, once", () => {
    const runs = nextRuns(
      { kind: "monthly", at: "09:00", day: 31 },
      "Europe/Berlin",
      at("2027-01-01T00:00:00Z"),
      5,
    );
    expect(runs.map(iso)).toEqual([
      "2027-01-31T08:00:00.000Z",
      "2027-02-28T08:00:00.000Z",
      "2027-03-31T07:00:00.000Z", // summer time from 28 March 2027
      "2027-04-30T07:00:00.000Z",
      "2027-05-31T07:00:00.000Z",
    ]);
  });
  test("monthly on the 30th in a leap February, and the 29th", () => {
    expect(
      iso(nextRun({ kind: "monthly", at: "09:00", day: 30 }, "UTC", at("2028-02-01T00:00:00Z"))),
    ).toBe("2028-02-29T09:00:00.000Z");
    expect(
      nextRuns({ kind: "monthly", at: "09:00", day: 29 }, "UTC", at("2027-02-01T00:00:00Z"), 2).map(
        iso,
      ),
    ).toEqual(["2027-02-28T09:00:00.000Z", "2027-03-29T09:00:00.000Z"]);
  });
  test("monthly on the 1st", () => {
    expect(
      iso(
        nextRun({ kind: "monthly", at: "06:00", day: 1 }, "Asia/Tokyo", at("2026-12-07T00:00:00Z")),
      ),
    ).toBe("2026-12-31T21:00:00.000Z");
  });
  test("every N hours, in local hours", () => {
    expect(
      nextRuns(
        { kind: "hourly", every: 6, minute: 15 },
        "Europe/Berlin",
        at("2026-11-22T10:00:00Z"),
        3,
      ).map(iso),
    ).toEqual(["2026-11-22T11:15:00.000Z", "2026-11-22T17:15:00.000Z", "2026-11-22T23:15:00.000Z"]);
  });
  test("every minute (demo) and a cron expression share the computation", () => {
    expect(
      iso(nextRun({ kind: "minutely", every: 1 }, "Europe/Berlin", at("2026-11-22T10:00:30Z"))),
    ).toBe("2026-11-22T10:01:00.000Z");
    expect(
      iso(
        nextRun(
          { kind: "cron", expression: "0 8 * * 1" },
          "Europe/Berlin",
          at("2026-11-22T10:00:00Z"),
        ),
      ),
    ).toBe("2026-11-23T07:00:00.000Z");
  });
});

describe("validation", () => {
  const now = at("2026-11-22T10:00:00Z");
  test("the 15-minute minimum holds in production and can be lifted for the demo", () => {
    expect(() => validateCadence({ kind: "minutely", every: 1 }, "UTC", now)).toThrow(
      /at least 15 minutes/,
    );
    expect(() => validateCadence({ kind: "cron", expression: "*/5 9 * * *" }, "UTC", now)).toThrow(
      InvalidCadenceError,
    );
    expect(iso(validateCadence({ kind: "minutely", every: 15 }, "UTC", now))).toBe(
      "2026-11-22T10:15:00.000Z",
    );
    expect(
      iso(validateCadence({ kind: "minutely", every: 1 }, "UTC", now, { minIntervalMs: 0 })),
    ).toBe("2026-11-22T10:01:00.000Z");
  });
  test("bad input is refused with a reason", () => {
    expect(() => nextRun({ kind: "daily", at: "25:00" }, "UTC", now)).toThrow(/time of day/);
    expect(() => nextRun({ kind: "weekly", at: "08:00", days: [] }, "UTC", now)).toThrow(
      /days of the week/,
    );
    expect(() => nextRun({ kind: "monthly", at: "08:00", day: 32 }, "UTC", now)).toThrow(/1 to 31/);
    expect(() => nextRun({ kind: "hourly", every: 5, minute: 0 }, "UTC", now)).toThrow(
      /1, 2, 3, 4, 6, 8, 12 or 24/,
    );
    expect(() => nextRun({ kind: "cron", expression: "every day" }, "UTC", now)).toThrow(
      /five fields/,
    );
    expect(() => nextRun({ kind: "cron", expression: "61 * * * *" }, "UTC", now)).toThrow(
      InvalidCadenceError,
    );
    expect(() => nextRun({ kind: "daily", at: "08:00" }, "Mars/Olympus", now)).toThrow(
      /not a time zone/,
    );
  });
  test("descriptions and monthly estimates", () => {
    expect(describeCadence({ kind: "weekly", at: "08:00", days: [5, 1] })).toBe(
      "every Monday, Friday at 08:00",
    );
    expect(describeCadence({ kind: "monthly", at: "08:00", day: 31 })).toMatch(/31st.*last day/);
    expect(runsPerMonth({ kind: "daily", at: "08:00" }, "Europe/Berlin", now)).toBe(30);
    expect(runsPerMonth({ kind: "weekdays", at: "08:00" }, "Europe/Berlin", now)).toBe(22);
    expect(runsPerMonth({ kind: "minutely", every: 1 }, "UTC", now)).toBe(43_200);
  });
});

describe("time zones", () => {
  test("IANA names are accepted and canonicalised; offsets and junk are not", () => {
    expect(normalizeTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(normalizeTimeZone(" europe/berlin ")).toBe("Europe/Berlin");
    expect(normalizeTimeZone("UTC")).toBe("UTC");
    expect(normalizeTimeZone("+02:00")).toBeUndefined();
    expect(normalizeTimeZone("Mars/Olympus")).toBeUndefined();
    expect(normalizeTimeZone("")).toBeUndefined();
  });
  test("a guess from the Telegram language code", () => {
    expect(guessTimeZone("de")).toBe("Europe/Berlin");
    expect(guessTimeZone("en-US")).toBe("America/New_York");
    expect(guessTimeZone("pt-br")).toBe("America/Sao_Paulo");
    expect(guessTimeZone("xx")).toBe("UTC");
    expect(guessTimeZone(undefined)).toBe("UTC");
  });
});
