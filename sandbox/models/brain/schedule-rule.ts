/**
 * The sandbox model's way with recurring requests: "every minute, check …",
 * "every morning at 8 post …", "every Monday at 9:30 …", "every weekday …",
 * "every month on the 1st …", "every 2 hours …" become a `schedule_task`
 * call with the cadence, local time and a fitting role, as a real model would
 * read them. It lets the no-keys demo schedule work in plain language.
 */
import type { ToolRule } from "./tool-rules.ts";

const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

export const RECURRING =
  /\bevery\s+(minute|\d+\s+minutes|hour|\d+\s+hours|morning|evening|night|day|weekday|month|week|sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b/i;

/** "at 8", "at 8am", "at 9:30", "at 14:00", "at 7 pm"; "morning" 08:00, "evening" 18:00. */
export function localTime(text: string): string | undefined {
  const match = /\b(?:at|to)\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?/i.exec(text);
  let hour: number | undefined;
  let minute = 0;
  if (match) {
    hour = Number(match[1]);
    minute = Number(match[2] ?? 0);
    const half = match[3]?.toLowerCase().replaceAll(".", "");
    if (half === "pm" && hour < 12) hour += 12;
    if (half === "am" && hour === 12) hour = 0;
  } else if (/\bmorning\b/i.test(text)) hour = 8;
  else if (/\bevening\b/i.test(text)) hour = 18;
  else if (/\bnight\b/i.test(text)) hour = 21;
  if (hour === undefined || hour > 23 || minute > 59) return undefined;
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}

function role(text: string): string {
  if (/instagram|facebook|tiktok|social|post\b|posts\b/i.test(text)) return "social_media_manager";
  if (/website|web ?site|landing page|html/i.test(text)) return "web_developer";
  if (/invoice|spreadsheet|e-?mail|inbox|download|export|data entry/i.test(text))
    return "ops_assistant";
  return "researcher";
}

/** The schedule_task arguments for a recurring request. */
export function scheduleArguments(text: string): Record<string, unknown> {
  const every = RECURRING.exec(text)?.[1]?.toLowerCase() ?? "day";
  const time = localTime(text);
  const n = Number(/(\d+)\s+(minutes|hours)/i.exec(every)?.[1] ?? 1);
  const base = { role: role(text), task: text.trim().slice(0, 2_000) };
  if (every.startsWith("minute") || every.endsWith("minutes"))
    return { ...base, cadence: "minutely", every: n };
  if (every.startsWith("hour") || every.endsWith("hours"))
    return { ...base, cadence: "hourly", every: n };
  if (every === "weekday") return { ...base, cadence: "weekdays", ...(time ? { time } : {}) };
  if (every === "month") {
    const day = /\b(\d{1,2})(st|nd|rd|th)\b/i.exec(text)?.[1];
    const last = /\blast day\b/i.test(text);
    return {
      ...base,
      cadence: "monthly",
      ...(time ? { time } : {}),
      dayOfMonth: last ? 31 : Number(day ?? 1),
    };
  }
  const days = DAYS.filter((d) => new RegExp(`\\b${d}s?\\b`, "i").test(text));
  if (every === "week" || days.length > 0)
    return {
      ...base,
      cadence: "weekly",
      ...(time ? { time } : {}),
      weekdays: days.length > 0 ? days : ["monday"],
    };
  return { ...base, cadence: "daily", ...(time ? { time } : {}) };
}

/** "Move the Instagram post to 9am": an edit of an existing schedule's time. */
export const EDIT_SCHEDULE_RULE: ToolRule = {
  when: (text) =>
    /\b(move|change|reschedule|shift)\b/i.test(text) &&
    /\bto\s+\d{1,2}(:\d{2})?\s*(am|pm)\b|\bto\s+\d{1,2}:\d{2}\b/i.test(text),
  tool: ["edit_schedule"],
  input: (text) => ({ match: text.slice(0, 500), time: localTime(text) }),
};

export const SCHEDULE_RULE: ToolRule = {
  when: RECURRING,
  tool: ["schedule_task", /^schedule/i],
  input: (text) => scheduleArguments(text),
};
