/**
 * Recurring work in chat: /schedules lists the customer's schedules, each
 * with Pause or Resume, Run now and Delete buttons (signed per chat like the
 * approval buttons), and /timezone shows or sets the zone their times are
 * read in. The scheduler's own notices (over the cap: Skip; paused after
 * failures: Resume, Delete) use the same `sch:` buttons. Every button and
 * command calls the schedules' domain functions through the port; nothing
 * here writes a row.
 */
import { Composer, InlineKeyboard } from "grammy";
import { getTimeZone, setTimeZone, TimeZoneError } from "../../accounts/index.ts";
import type { Data } from "../../db/index.ts";
import {
  cadenceOf,
  describeCadence,
  formatInZone,
  guessTimeZone,
  SCHEDULE_BUTTON_KIND,
  ScheduleError,
  type ScheduleView,
} from "../../schedules/index.ts";
import type { CallbackSigner } from "../callback-data.ts";
import type { MouseContext } from "../context.ts";
import type { SchedulesPort } from "../ports.ts";
import { requireCustomer } from "./customer.ts";

const texts = {
  none: 'You have no recurring tasks yet. Tell me what to do and when, e.g. "every morning at 8, post today\'s special on Instagram".',
  header: (n: number, zone: string) =>
    `Your recurring tasks (${n}), times in ${zone}. Change the zone with /timezone.`,
  line: (s: ScheduleView) => {
    const state =
      s.status === "active"
        ? `next run ${s.next_run_at ? formatInZone(s.next_run_at, s.time_zone) : "soon"}`
        : s.status === "paused"
          ? s.paused_reason === "failures"
            ? "paused after three failed runs"
            : "paused"
          : "waiting for your approval";
    return `${s.status === "active" ? "🔁" : "⏸️"} ${clip(s.request, 120)}\n${describeCadence(cadenceOf(s))} · ${state}`;
  },
  pause: "⏸ Pause",
  resume: "▶️ Resume",
  runNow: "⚡ Run now",
  delete: "🗑 Delete",
  invalidButton: "This button isn't valid.",
  paused: "Paused. It won't run until you resume it.",
  resumed: (next: Date, zone: string) => `Resumed. Next run ${formatInZone(next, zone)}.`,
  deleted: "Deleted. It won't run again.",
  skipped: "Okay, skipped this run. The schedule stays as it is.",
  started: "Started: I'll report back here when it's done.",
  overBudget:
    "It can't start: this run would pass your monthly spend cap. See /billing to raise it.",
  suspended: "Your workspace is suspended, so nothing can run right now.",
  notStarted: "It couldn't start just now. Please try again in a minute.",
  timeZoneIs: (zone: string, guess: string) =>
    `Your time zone is ${zone}. Schedules run at these local times.\nTo change it, send /timezone followed by a zone name, e.g. /timezone ${guess}`,
  timeZoneSet: (zone: string, moved: number) =>
    `Time zone set to ${zone}.${moved > 0 ? ` ${moved} recurring task${moved === 1 ? "" : "s"} now run${moved === 1 ? "s" : ""} on ${zone} time.` : ""}`,
};

const CHOICES = { p: "pause", r: "resume", n: "run", d: "delete", s: "skip" } as const;

/** The buttons under one schedule in one chat. */
export function scheduleKeyboard(signer: CallbackSigner, s: ScheduleView, chatId: number) {
  const sign = (choice: string) =>
    signer.sign({ kind: SCHEDULE_BUTTON_KIND, id: s.id, choice }, chatId);
  const keyboard = new InlineKeyboard();
  if (s.status === "active") keyboard.text(texts.pause, sign("p"));
  else if (s.status === "paused") keyboard.text(texts.resume, sign("r"));
  if (s.status !== "pending_approval") keyboard.text(texts.runNow, sign("n"));
  return keyboard.text(texts.delete, sign("d"));
}

export function createSchedulesFeature({
  data,
  schedules,
  signer,
}: {
  data: Data;
  schedules: SchedulesPort;
  signer: CallbackSigner;
}) {
  const composer = new Composer<MouseContext>();

  composer.command("schedules", async (ctx) => {
    const who = await requireCustomer(ctx);
    if (!who) return;
    const list = await schedules.list(who.userId, who.customerId);
    if (list.length === 0) {
      await ctx.reply(texts.none);
      return;
    }
    await ctx.reply(texts.header(list.length, list[0]!.time_zone));
    for (const s of list.slice(0, 10))
      await ctx.reply(texts.line(s), { reply_markup: scheduleKeyboard(signer, s, ctx.chat.id) });
  });

  composer.command("timezone", async (ctx) => {
    const who = await requireCustomer(ctx);
    if (!who) return;
    const wanted = ctx.match.trim();
    if (!wanted) {
      const zone = (await getTimeZone(data, who.userId, who.customerId)) ?? "UTC";
      await ctx.reply(texts.timeZoneIs(zone, guessTimeZone(ctx.from?.language_code)));
      return;
    }
    try {
      const set = await setTimeZone(data, { ...who, timeZone: wanted });
      await ctx.reply(texts.timeZoneSet(set.timeZone, set.schedulesMoved));
    } catch (error) {
      if (!(error instanceof TimeZoneError)) throw error;
      await ctx.reply(error.message);
    }
  });

  composer.callbackQuery(new RegExp(`^${SCHEDULE_BUTTON_KIND}:`), async (ctx) => {
    const signed = signer.verify(ctx.callbackQuery.data, ctx.chat?.id ?? 0);
    const choice = signed ? CHOICES[signed.choice as keyof typeof CHOICES] : undefined;
    if (!signed || !choice) {
      ctx.log.warn({ data: ctx.callbackQuery.data }, "rejected a forged schedule button");
      await ctx.answerCallbackQuery({ text: texts.invalidButton, show_alert: true });
      return;
    }
    const who = await requireCustomer(ctx);
    if (!who) {
      await ctx.answerCallbackQuery();
      return;
    }
    try {
      const reply = await act(choice, who.userId, signed.id);
      await ctx.answerCallbackQuery({ text: reply.slice(0, 190) });
      await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
      await ctx.reply(reply);
    } catch (error) {
      if (!(error instanceof ScheduleError)) throw error;
      await ctx.answerCallbackQuery({ text: error.message.slice(0, 190), show_alert: true });
    }
  });

  async function act(choice: (typeof CHOICES)[keyof typeof CHOICES], userId: string, id: string) {
    switch (choice) {
      case "pause":
        await schedules.pause(userId, id);
        return texts.paused;
      case "resume": {
        const { nextRunAt, timeZone } = await schedules.resume(userId, id);
        return texts.resumed(nextRunAt, timeZone);
      }
      case "delete":
        await schedules.remove(userId, id);
        return texts.deleted;
      case "skip":
        await schedules.skip(userId, id);
        return texts.skipped;
      case "run": {
        const run = await schedules.runNow(userId, id);
        if (run.outcome === "started") return texts.started;
        if (run.outcome === "over_budget") return texts.overBudget;
        if (run.outcome === "suspended") return texts.suspended;
        return texts.notStarted;
      }
    }
  }

  return composer;
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
