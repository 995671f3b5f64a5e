/**
 * What the scheduler itself tells a customer (a run's own progress and result
 * come from the knights, like any task): a run that did not start because it
 * would pass the monthly spend cap, with a button to raise the cap (the
 * billing page: plans and budgets) or skip; and a schedule that paused itself
 * after three failed runs, with Resume and Delete. Buttons carry signed
 * callback data (`sch:<schedule>:<choice>`) the bot's schedules feature reads.
 */
import { clipWords } from "../approvals/card.ts";
import type { Data } from "../db/index.ts";
import { catalogue, formatMoney, localeFor } from "../i18n/index.ts";
import type { InlineButton, Notifier } from "../notify/index.ts";
import type { Logger } from "../observability/index.ts";
import type { RunStart } from "./scan.ts";

/** Signs a button's payload for one chat (the bot's callback signer). */
export type ButtonSigner = (
  payload: { kind: string; id: string; choice: string },
  chatId: number,
) => string;

export const SCHEDULE_BUTTON_KIND = "sch";

export type ScheduleNotices = {
  overBudget: (run: Extract<RunStart, { outcome: "over_budget" }>) => Promise<void>;
  /** Tells each customer whose schedule paused itself, once. */
  pausedAfterFailures: () => Promise<void>;
};

/** The scheduler's notices through the notifier port. */
export function createScheduleNotices(deps: {
  data: Data;
  notifier: Notifier;
  logger: Logger;
  sign: ButtonSigner;
  /** Where "Raise the cap" leads: the dashboard's billing page. */
  billingUrl: string;
}): ScheduleNotices {
  const { data, notifier, sign } = deps;
  const button = (text: string, scheduleId: string, choice: string, chatId: number) => ({
    text,
    callbackData: sign({ kind: SCHEDULE_BUTTON_KIND, id: scheduleId, choice }, chatId),
  });

  async function target(scheduleId: string) {
    const { rows } = await data.statementAsService<{
      chat: string | null;
      language: string | null;
      request: string;
    }>(
      "schedules: find chat",
      `select s.request, r.chat, r.language
         from public.scheduled_tasks s
         left join lateral (
           select u.telegram_user_id::text as chat, coalesce(u.language, u.language_code) as language
             from public.users u where u.id = s.created_by and u.telegram_user_id is not null
           union all
           select * from (select u.telegram_user_id::text, coalesce(u.language, u.language_code)
             from public.memberships m join public.users u on u.id = m.user_id
            where m.customer_id = s.customer_id and m.role = 'owner' and u.telegram_user_id is not null
            order by m.created_at limit 1) o
           limit 1) r on true
        where s.id = $1`,
      [scheduleId],
    );
    const row = rows[0];
    if (!row?.chat) return undefined;
    const locale = localeFor(row.language);
    return {
      chatId: Number(row.chat),
      request: clipWords(row.request, 80),
      locale,
      t: (key: string, args?: Record<string, string | number>) => catalogue().t(locale, key, args),
    };
  }

  return {
    async overBudget(run) {
      const to = await target(run.scheduleId);
      if (!to) return deps.logger.warn({ schedule: run.scheduleId }, "no chat for a schedule");
      const buttons: InlineButton[][] = [
        [
          { text: to.t("schedules-raise-cap"), url: deps.billingUrl },
          button(to.t("schedules-skip-run"), run.scheduleId, "skip", to.chatId),
        ],
      ];
      await notifier.send({
        chatId: to.chatId,
        text: to.t("schedules-notice-over-budget", {
          request: to.request,
          run: formatMoney(run.runMicros, to.locale),
          spent: formatMoney(run.spentMicros, to.locale),
          cap: formatMoney(run.budgetMicros, to.locale),
        }),
        buttons,
      });
    },
    async pausedAfterFailures() {
      const { rows } = await data.statementAsService<{ id: string }>(
        "schedules: paused after failures",
        `update public.scheduled_tasks set pause_noticed_at = now()
          where id in (select id from public.scheduled_tasks
                        where paused_reason = 'failures' and pause_noticed_at is null
                          and status = 'paused'
                        limit 100 for update skip locked)
          returning id`,
      );
      for (const { id } of rows) {
        const to = await target(id);
        if (!to) continue;
        await notifier.send({
          chatId: to.chatId,
          text: to.t("schedules-notice-paused", { request: to.request }),
          buttons: [
            [
              button(to.t("schedules-resume"), id, "resume", to.chatId),
              button(to.t("schedules-delete"), id, "delete", to.chatId),
            ],
          ],
        });
      }
    },
  };
}
