/**
 * What the customer hears about a knight's task, through the `Notifier`
 * port: one status message per task edited in place while it works, ending
 * in a final state (done, could not finish, stopped, waiting for you) with
 * the elapsed time and cost, and a message of its own when it starts, needs
 * input, finishes (with the final screenshot, what to do next and the
 * receipt), fails or stops. Every text is the catalogue's, in the reader's
 * language. Messages go to the Telegram chat of whoever asked for the task,
 * else the customer's first owner.
 */
import { approvalCard, clipAtWord } from "../../approvals/index.ts";
import type { Data } from "../../db/index.ts";
import { catalogue, formatMoney, formatNumber, type Locale, localeFor } from "../../i18n/index.ts";
import { type InlineButton, type Notifier, watchButton } from "../../notify/index.ts";
import type { Logger } from "../../observability/index.ts";
import type { HelpRequest } from "./model/help-tool.ts";
import { narrateStep } from "./narrate.ts";
import { elapsedMs, formatElapsed, receiptFor } from "./receipt.ts";
import type { StepParams } from "./steps.ts";

/** Why a task failed: a reason in words (the model's, a provider's), or the step limit. */
export type FailReason = string | { stepsLimit: number };

export type TaskRef = {
  id: string;
  customer_id: string;
  requested_by: string | null;
  employee_id?: string | null;
};

/** Creates the knights' side of customer notifications. */
export function createKnightNotices({
  data,
  notifier,
  logger,
  publicUrl,
  approvalButtons,
  dashboardUrl,
}: {
  data: Data;
  notifier: Notifier;
  logger: Logger;
  /** Where the dashboard is: messages about a working knight get a "Watch / take over" button. */
  publicUrl?: string;
  /** Signed Approve / Deny buttons for an approval in a chat (the bot's signer); absent, text only. */
  approvalButtons?:
    | ((approvalId: string, chatId: number, t?: (key: string) => string) => InlineButton[][])
    | undefined;
  /** The dashboard's public origin, for the receipt's link to the task page. */
  dashboardUrl?: string;
}) {
  type Reader = { chatId: number; locale: Locale } | null;
  const chats = new Map<string, Reader>();
  /** Tasks whose progress message this process has shown. */
  const progressed = new Set<string>();
  const texts = catalogue();
  /** The button to the task's live view, when there is somewhere to send people. */
  const watch = (task: TaskRef) =>
    publicUrl && task.employee_id
      ? {
          buttons: [
            [
              watchButton(publicUrl, {
                customerId: task.customer_id,
                employeeId: task.employee_id,
              }),
            ],
          ],
        }
      : {};
  /** The receipt after a final message; empty (never a failure) if it cannot be read. */
  const receipt = async (task: TaskRef, locale: Locale) => {
    try {
      const text = await receiptFor(data, task.id, dashboardUrl, locale);
      return text ? `\n\n${text}` : "";
    } catch (error) {
      logger.warn({ task: task.id, err: error }, "could not build a task receipt");
      return "";
    }
  };

  /**
   * Ends the task's progress message in a state the customer can trust (it
   * would otherwise stay at its last step): done, could not finish, stopped
   * or waiting for you, with the time so far and the cost. Only a task that
   * showed progress has such a message.
   */
  const settleProgress = async (
    task: TaskRef,
    chatId: number,
    locale: Locale,
    state: "done" | "failed" | "stopped" | "waiting",
    who: string,
  ) => {
    const { rows } = await data.statementAsService<{
      started_at: Date | null;
      finished_at: Date;
      cost_micros: string;
      shown: boolean;
    }>(
      "knights: settle progress",
      `select t.started_at, coalesce(t.finished_at, now()) as finished_at, t.cost_micros::text,
              exists (select 1 from public.bot_status_messages b
                       where b.key = $3 and b.chat_id = $2) as shown
         from public.tasks t where t.id = $1`,
      [task.id, chatId, task.id],
    );
    const facts = rows[0];
    // Shown by this process, or by another one before a restart (the outbox's record).
    if (!facts || !(progressed.has(task.id) || facts.shown)) return;
    await notifier.status(task.id, {
      chatId,
      text: texts.t(locale, STATE_KEYS[state], {
        name: who,
        elapsed: formatElapsed(elapsedMs(facts.started_at, facts.finished_at), locale),
        cost: formatMoney(facts.cost_micros, locale),
      }),
    });
  };

  /** Who reads about a task (the requester, else the first owner) and in which language. */
  async function readerOf(task: TaskRef): Promise<Reader> {
    const known = chats.get(task.id);
    if (known !== undefined) return known;
    const reader = await data.asService("knights: find chat", async (tx) => {
      const { rows } = await tx.query<{ chat: string | null; language: string | null }>(
        `select r.telegram_user_id::text as chat, coalesce(r.language, r.language_code) as language
           from (select u.telegram_user_id, u.language, u.language_code, 0 as rank
                   from public.users u where u.id = $2 and u.telegram_user_id is not null
                 union all
                 select * from (select u.telegram_user_id, u.language, u.language_code, 1
                   from public.memberships m join public.users u on u.id = m.user_id
                  where m.customer_id = $1 and m.role = 'owner' and u.telegram_user_id is not null
                  order by m.created_at limit 1) o) r
          order by r.rank limit 1`,
        [task.customer_id, task.requested_by],
      );
      const row = rows[0];
      return row?.chat ? { chatId: Number(row.chat), locale: localeFor(row.language) } : null;
    });
    if (chats.size > 10_000) chats.clear();
    chats.set(task.id, reader);
    return reader;
  }

  /** Notifications are best effort: a failed send must never fail the task. */
  async function deliver(
    task: TaskRef,
    what: string,
    send: (
      chatId: number,
      t: (key: string, args?: Record<string, string | number>) => string,
      locale: Locale,
    ) => Promise<void>,
  ) {
    try {
      const reader = await readerOf(task);
      if (reader === null) {
        logger.warn({ task: task.id, what }, "no Telegram chat to notify about a knight task");
        return;
      }
      await send(reader.chatId, (key, args) => texts.t(reader.locale, key, args), reader.locale);
    } catch (error) {
      logger.warn({ task: task.id, what, err: error }, "knight notification failed");
    }
  }

  return {
    started: (task: TaskRef, who: string, request: string) =>
      deliver(task, "started", (chatId, t) =>
        notifier.send({
          chatId,
          text: t("knight-started", { name: who, request: clip(request, 300) }),
          ...watch(task),
        }),
      ),
    progress: (
      task: TaskRef,
      p: {
        who: string;
        step: number;
        maxSteps: number;
        /** The step, narrated in the reader's words (`narrateStep`). */
        params: Pick<StepParams, "kind" | "actions" | "text" | "by">;
        costMicros: number;
      },
    ) =>
      deliver(task, "progress", (chatId, t, locale) => {
        if (progressed.size > 10_000) progressed.clear();
        progressed.add(task.id);
        return notifier.status(task.id, {
          chatId,
          text: t("knight-progress", {
            name: p.who,
            step: p.step,
            max: p.maxSteps,
            what: narrateStep(p.params, locale),
            cost: formatMoney(p.costMicros, locale),
          }),
        });
      }),
    /**
     * A stored login's use waits for the customer: the product's card for the
     * approval (never the model's words), with Approve / Deny when the bot can sign them.
     */
    approvalNeeded: (task: TaskRef, _who: string, approval: { id: string; summary: string }) =>
      deliver(task, "approval needed", async (chatId, t, locale) => {
        const { rows } = await data.statementAsService<{
          kind: string;
          summary: string;
          payload: Record<string, unknown>;
        }>(
          "knights: approval card",
          "select kind, summary, payload from public.approvals where id = $1",
          [approval.id],
        );
        const row = rows[0] ?? { kind: "other", summary: approval.summary, payload: {} };
        await notifier.send({
          chatId,
          text: approvalCard(row, locale),
          ...(approvalButtons ? { buttons: approvalButtons(approval.id, chatId, t) } : {}),
        });
      }),
    needsInput: (task: TaskRef, who: string, question: string) =>
      deliver(task, "needs input", async (chatId, t, locale) => {
        await notifier.send({
          chatId,
          text: t("knight-needs-input", { name: who, question: clip(question, 1500) }),
          ...watch(task),
        });
        // The message first: whoever sees the task paused or ended has it already.
        await settleProgress(task, chatId, locale, "waiting", who);
      }),
    /** The knight called request_help: the reason, the screen and the way to step in. */
    needsHelp: (task: TaskRef, who: string, help: HelpRequest, screenshot?: Buffer) =>
      deliver(task, "needs help", async (chatId, t, locale) => {
        await notifier.send({
          chatId,
          // A code sent by SMS or e-mail: the reply is caught, deleted and typed unseen (`vault/codes.ts`).
          text:
            help.reason === "one_time_code"
              ? t("knight-needs-code", { name: who, message: clip(help.message, 800) })
              : t("knight-needs-help", {
                  name: who,
                  reason: t(HELP_KEYS[help.reason]),
                  message: clip(help.message, 800),
                }),
          ...(screenshot ? { photo: { bytes: screenshot } } : {}),
          ...watch(task),
        });
        // The message first: whoever sees the task paused or ended has it already.
        await settleProgress(task, chatId, locale, "waiting", who);
      }),
    /** The desktop of a task waiting for help was stopped to save money. */
    desktopPaused: (task: TaskRef, who: string) =>
      deliver(task, "desktop paused", (chatId, t) =>
        notifier.send({
          chatId,
          text: t("knight-desktop-paused", { name: who }),
          ...watch(task),
        }),
      ),
    /** The final message: what was achieved, what to do next, the receipt; the progress message ends "done". */
    done: (task: TaskRef, who: string, summary: string, screenshot?: Buffer) =>
      deliver(task, "done", async (chatId, t, locale) => {
        await notifier.send({
          chatId,
          text: `${t("knight-done", { name: who, summary: clip(summary, screenshot ? 500 : 900) })}\n\n${t("knight-next-done")}${await receipt(task, locale)}`,
          ...(screenshot ? { photo: { bytes: screenshot } } : {}),
        });
        // The message first: whoever sees the task paused or ended has it already.
        await settleProgress(task, chatId, locale, "done", who);
      }),
    /**
     * A file the knight delivered: the document itself (the outbox reads its
     * bytes when it sends), or for a file over Telegram's 50 MB a signed link
     * to the dashboard. Resolves false when there was no chat to send it to.
     */
    delivered: async (
      task: TaskRef,
      who: string,
      file: {
        id: string;
        fileName: string;
        title: string;
        description: string | null;
        sizeBytes: number;
        sendAs: "document" | "link";
        url: string;
      },
    ): Promise<boolean> => {
      let sent = false;
      await deliver(task, "delivered", async (chatId, t, locale) => {
        const about = [
          t("knight-delivered", { name: who, title: clip(file.title, 200) }),
          file.description ? clip(file.description, 600) : "",
        ]
          .filter(Boolean)
          .join("\n");
        if (file.sendAs === "document")
          await notifier.send({
            chatId,
            text: about,
            document: { id: file.id, fileName: file.fileName },
          });
        else
          await notifier.send({
            chatId,
            text: `${about}\n${t("knight-delivered-too-big", {
              file: file.fileName,
              size: formatNumber(Math.round(file.sizeBytes / 104_857.6) / 10, locale),
            })}`,
            buttons: [
              [{ text: t("knight-download", { file: clip(file.fileName, 40) }), url: file.url }],
            ],
          });
        sent = true;
      });
      return sent;
    },
    /** The replay of a finished task, as an animation; resolves false when there was no chat. */
    replay: async (
      task: TaskRef,
      about: {
        who: string;
        request: string;
        frames: number;
        ended: "succeeded" | "failed" | "cancelled";
      },
      gif: Uint8Array,
    ): Promise<boolean> => {
      let sent = false;
      await deliver(task, "replay", async (chatId, t) => {
        await notifier.send({
          chatId,
          text: clip(
            t(`replay-caption-${about.ended}`, {
              name: about.who,
              request: clip(about.request, 120),
              frames: about.frames,
            }),
            1000,
          ),
          animation: { bytes: gif, fileName: "replay.gif" },
        });
        sent = true;
      });
      return sent;
    },
    failed: (task: TaskRef, who: string, reason: FailReason) =>
      deliver(task, "failed", async (chatId, t, locale) => {
        const why =
          typeof reason === "string"
            ? clip(reason, 1500)
            : t("knight-steps-limit", { max: reason.stepsLimit });
        await notifier.send({
          chatId,
          text: `${t("knight-failed", { name: who, reason: why })}\n\n${t("knight-next-failed")}${await receipt(task, locale)}`,
        });
        // The message first: whoever sees the task paused or ended has it already.
        await settleProgress(task, chatId, locale, "failed", who);
      }),
    cancelled: (task: TaskRef, who: string) =>
      deliver(task, "cancelled", async (chatId, t, locale) => {
        await notifier.send({
          chatId,
          text: `${t("knight-cancelled", { name: who })}\n${t("knight-next-stopped")}${await receipt(task, locale)}`,
        });
        // The message first: whoever sees the task paused or ended has it already.
        await settleProgress(task, chatId, locale, "stopped", who);
      }),
  };
}

export type KnightNotices = ReturnType<typeof createKnightNotices>;

const STATE_KEYS = {
  done: "knight-state-done",
  failed: "knight-state-failed",
  stopped: "knight-state-stopped",
  waiting: "knight-state-waiting",
} as const;

const HELP_KEYS: Record<HelpRequest["reason"], string> = {
  captcha: "knight-help-captcha",
  login: "knight-help-login",
  two_factor: "knight-help-two-factor",
  one_time_code: "knight-help-one-time-code",
  choice: "knight-help-choice",
};

/** Clipped at a word, never mid-word (see `clipAtWord`). */
const clip = clipAtWord;
