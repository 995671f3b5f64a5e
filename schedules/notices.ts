/**
 * What the scheduler itself tells a customer (a run's own progress and result
 * come from the knights, like any task): a run that did not start because it
 * would pass the monthly spend cap, with a button to raise the cap (the
 * billing page: plans and budgets) or skip; and a schedule that paused itself
 * after three failed runs, with Resume and Delete. Buttons carry signed
 * callback data (`sch:<schedule>:<choice>`) the bot's schedules feature reads.
 */
import { formatMicros } from "../billing/index.ts";
import type { Data } from "../db/index.ts";
import type { InlineButton, Notifier } from "../notify/index.ts";
import type { Logger } from "../observability/index.ts";
import type { RunStart } from "./scan.ts";

/** Signs a button's payload for one chat (the bot's callback signer). */
export type ButtonSigner = (
  payload: { kind: string; id: string; choice: string },
  chatId: number,
) => string;

export const SCHEDULE_BUTTON_KIND = "sch";

const texts = {
  overBudget: (request: string, run: string, spent: string, cap: string) =>
    `⏸️ Your scheduled task "${request}" did not run: it can cost up to ${run}, and ${spent} of your ${cap} monthly cap is already used. Raise the cap to let it run, or skip this one.`,
  raiseCap: "Raise the cap",
  skip: "Skip this run",
  pausedAfterFailures: (request: string) =>
    `⚠️ "${request}" failed three times in a row, so I paused it. Resume it, or delete it?`,
  resume: "Resume",
  delete: "Delete",
};

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
    const { rows } = await data.statementAsService<{ chat: string | null; request: string }>(
      "schedules: find chat",
      `select s.request, coalesce(
         (select u.telegram_user_id from public.users u where u.id = s.created_by),
         (select u.telegram_user_id from public.memberships m join public.users u on u.id = m.user_id
           where m.customer_id = s.customer_id and m.role = 'owner' and u.telegram_user_id is not null
           order by m.created_at limit 1))::text as chat
         from public.scheduled_tasks s where s.id = $1`,
      [scheduleId],
    );
    const row = rows[0];
    return row?.chat ? { chatId: Number(row.chat), request: clip(row.request, 80) } : undefined;
  }

  return {
    async overBudget(run) {
      const to = await target(run.scheduleId);
      if (!to) return deps.logger.warn({ schedule: run.scheduleId }, "no chat for a schedule");
      const buttons: InlineButton[][] = [
        [
          { text: texts.raiseCap, url: deps.billingUrl },
          button(texts.skip, run.scheduleId, "skip", to.chatId),
        ],
      ];
      await notifier.send({
        chatId: to.chatId,
        text: texts.overBudget(
          to.request,
          formatMicros(run.runMicros),
          formatMicros(run.spentMicros),
          formatMicros(run.budgetMicros),
        ),
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
          text: texts.pausedAfterFailures(to.request),
          buttons: [
            [
              button(texts.resume, id, "resume", to.chatId),
              button(texts.delete, id, "delete", to.chatId),
            ],
          ],
        });
      }
    },
  };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
