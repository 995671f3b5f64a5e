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
import { type Locale, localeFor } from "../../i18n/index.ts";
import {
  cadenceOf,
  describeCadenceIn,
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

type T = MouseContext["t"];

/** One schedule's line in /schedules, in the reader's language. */
function scheduleLine(t: T, s: ScheduleView, locale: Locale): string {
  const state =
    s.status === "active"
      ? s.next_run_at
        ? t("schedules-next-run", { when: formatInZone(s.next_run_at, s.time_zone) })
        : t("schedules-next-run-soon")
      : s.status === "paused"
        ? s.paused_reason === "failures"
          ? t("schedules-paused-failures")
          : t("schedules-paused-state")
        : t("schedules-awaiting-approval");
  return `${s.status === "active" ? "🔁" : "⏸️"} ${clip(s.request, 120)}\n${describeCadenceIn(cadenceOf(s), locale)} · ${state}`;
}

const CHOICES = { p: "pause", r: "resume", n: "run", d: "delete", s: "skip" } as const;

/** The buttons under one schedule in one chat. */
export function scheduleKeyboard(
  signer: CallbackSigner,
  s: ScheduleView,
  chatId: number,
  t: (key: string) => string,
) {
  const sign = (choice: string) =>
    signer.sign({ kind: SCHEDULE_BUTTON_KIND, id: s.id, choice }, chatId);
  const keyboard = new InlineKeyboard();
  if (s.status === "active") keyboard.text(t("schedules-pause"), sign("p"));
  else if (s.status === "paused") keyboard.text(t("schedules-resume"), sign("r"));
  if (s.status !== "pending_approval") keyboard.text(t("schedules-run-now"), sign("n"));
  return keyboard.text(t("schedules-delete"), sign("d"));
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
      await ctx.reply(ctx.t("schedules-none"));
      return;
    }
    await ctx.reply(ctx.t("schedules-header", { count: list.length, zone: list[0]!.time_zone }));
    for (const s of list.slice(0, 10))
      await ctx.reply(scheduleLine(ctx.t, s, localeFor(await ctx.i18n.getLocale())), {
        reply_markup: scheduleKeyboard(signer, s, ctx.chat.id, (key) => ctx.t(key)),
      });
  });

  composer.command("timezone", async (ctx) => {
    const who = await requireCustomer(ctx);
    if (!who) return;
    const wanted = ctx.match.trim();
    if (!wanted) {
      const zone = (await getTimeZone(data, who.userId, who.customerId)) ?? "UTC";
      await ctx.reply(
        ctx.t("timezone-is", { zone, example: guessTimeZone(ctx.from?.language_code) }),
      );
      return;
    }
    try {
      const set = await setTimeZone(data, { ...who, timeZone: wanted });
      await ctx.reply(ctx.t("timezone-set", { zone: set.timeZone, moved: set.schedulesMoved }));
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
      await ctx.answerCallbackQuery({ text: ctx.t("approval-invalid"), show_alert: true });
      return;
    }
    const who = await requireCustomer(ctx);
    if (!who) {
      await ctx.answerCallbackQuery();
      return;
    }
    try {
      const reply = await act(ctx.t, choice, who.userId, signed.id);
      await ctx.answerCallbackQuery({ text: reply.slice(0, 190) });
      await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
      await ctx.reply(reply);
    } catch (error) {
      if (!(error instanceof ScheduleError)) throw error;
      await ctx.answerCallbackQuery({ text: error.message.slice(0, 190), show_alert: true });
    }
  });

  async function act(
    t: T,
    choice: (typeof CHOICES)[keyof typeof CHOICES],
    userId: string,
    id: string,
  ) {
    switch (choice) {
      case "pause":
        await schedules.pause(userId, id);
        return t("schedules-paused");
      case "resume": {
        const { nextRunAt, timeZone } = await schedules.resume(userId, id);
        return t("schedules-resumed", { when: formatInZone(nextRunAt, timeZone) });
      }
      case "delete":
        await schedules.remove(userId, id);
        return t("schedules-deleted");
      case "skip":
        await schedules.skip(userId, id);
        return t("schedules-skipped");
      case "run": {
        const run = await schedules.runNow(userId, id);
        if (run.outcome === "started") return t("schedules-started");
        if (run.outcome === "over_budget") return t("schedules-over-budget");
        if (run.outcome === "suspended") return t("schedules-suspended");
        return t("schedules-not-started");
      }
    }
  }

  return composer;
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
