import { expect, test } from "vitest";
import { EDIT_SCHEDULE_RULE, localTime, scheduleArguments } from "./schedule-rule.ts";

test("the sandbox model reads recurring requests as a real model would", () => {
  expect(scheduleArguments("Every minute, check the flour price")).toMatchObject({
    cadence: "minutely",
    every: 1,
    role: "researcher",
  });
  expect(scheduleArguments("every morning at 8 post today's special on Instagram")).toMatchObject({
    cadence: "daily",
    time: "08:00",
    role: "social_media_manager",
  });
  expect(scheduleArguments("Every Monday and Thursday at 9:30 check competitors")).toMatchObject({
    cadence: "weekly",
    time: "09:30",
    weekdays: ["monday", "thursday"],
  });
  expect(scheduleArguments("every month on the 1st download last month's invoices")).toMatchObject({
    cadence: "monthly",
    dayOfMonth: 1,
    role: "ops_assistant",
  });
  expect(scheduleArguments("every 2 hours look at the inbox")).toMatchObject({
    cadence: "hourly",
    every: 2,
  });
  expect(localTime("at 7 pm")).toBe("19:00");
  expect(localTime("at 12am")).toBe("00:00");
  expect(localTime("whenever")).toBeUndefined();
  expect(localTime("move the Instagram post to 9am")).toBe("09:00");
  const rule = EDIT_SCHEDULE_RULE.when as (text: string) => boolean;
  expect(rule("Move the Instagram post to 9am")).toBe(true);
  expect(rule("Please change the opening hours on our website to 9-5")).toBe(false);
});
