/**
 * What the customer hears about a knight's task, through the `Notifier`
 * port: one status message per task edited in place while it works, and a
 * message of its own when it starts, needs input, finishes (with the final
 * screenshot), fails or stops. Messages go to the Telegram chat of whoever
 * asked for the task, else the customer's first owner.
 */
import type { Data } from "../../db/index.ts";
import { catalogue, formatMoney, type Locale, localeFor } from "../../i18n/index.ts";
import { type InlineButton, type Notifier, watchButton } from "../../notify/index.ts";
import type { Logger } from "../../observability/index.ts";
import type { HelpRequest } from "./model/help-tool.ts";
import { receiptFor } from "./receipt.ts";

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
  const receipt = async (
    task: TaskRef,
    t: (key: string, args?: Record<string, string | number>) => string,
    locale: Locale,
  ) => {
    try {
      const text = await receiptFor(data, task.id, { t, locale, dashboardUrl });
      return text ? `\n\n${text}` : "";
    } catch (error) {
      logger.warn({ task: task.id, err: error }, "could not build a task receipt");
      return "";
    }
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
      p: { who: string; step: number; maxSteps: number; what: string; costMicros: number },
    ) =>
      deliver(task, "progress", (chatId, t, locale) =>
        notifier.status(task.id, {
          chatId,
          text: t("knight-progress", {
            name: p.who,
            step: p.step,
            max: p.maxSteps,
            what: clip(p.what, 120),
            cost: formatMoney(p.costMicros, locale),
          }),
        }),
      ),
    /** A stored login's use waits for the customer: Approve / Deny buttons when the bot can sign them. */
    approvalNeeded: (task: TaskRef, who: string, approval: { id: string; summary: string }) =>
      deliver(task, "approval needed", (chatId, t) =>
        notifier.send({
          chatId,
          text: `🔐 ${who} is asking: ${clip(approval.summary, 600)}. Allow it?`,
          ...(approvalButtons ? { buttons: approvalButtons(approval.id, chatId, t) } : {}),
        }),
      ),
    needsInput: (task: TaskRef, who: string, question: string) =>
      deliver(task, "needs input", (chatId, t) =>
        notifier.send({
          chatId,
          text: t("knight-needs-input", { name: who, question: clip(question, 1500) }),
          ...watch(task),
        }),
      ),
    /** The knight called request_help: the reason, the screen and the way to step in. */
    needsHelp: (task: TaskRef, who: string, help: HelpRequest, screenshot?: Buffer) =>
      deliver(task, "needs help", (chatId, t) =>
        notifier.send({
          chatId,
          // A code sent by SMS or e-mail: the reply is caught, deleted and typed unseen (`vault/codes.ts`).
          text:
            help.reason === "one_time_code"
              ? t("knight-needs-code", { name: who, message: clip(help.message, 800) })
              : `🙋 ${who} needs your help (${HELP_LABELS[help.reason]}):\n${clip(help.message, 800)}\n\nTap the button to take over the desktop, then hand it back. Or just reply here (a code, a choice) and I'll pass it on.`,
          ...(screenshot ? { photo: { bytes: screenshot } } : {}),
          ...watch(task),
        }),
      ),
    /** The desktop of a task waiting for help was stopped to save money. */
    desktopPaused: (task: TaskRef, who: string) =>
      deliver(task, "desktop paused", (chatId) =>
        notifier.send({
          chatId,
          text: `💤 ${who}'s desktop was idle too long while waiting for you, so I stopped it (nothing is lost, and it is not billed while stopped). Tap the button or reply when you're ready and it starts again.`,
          ...watch(task),
        }),
      ),
    done: (task: TaskRef, who: string, summary: string, screenshot?: Buffer) =>
      deliver(task, "done", async (chatId, t, locale) =>
        notifier.send({
          chatId,
          text: `${t("knight-done", { name: who, summary: clip(summary, 900) })}${await receipt(task, t, locale)}`,
          ...(screenshot ? { photo: { bytes: screenshot } } : {}),
        }),
      ),
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
      await deliver(task, "delivered", async (chatId, t) => {
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
            text: `${about}\n${t("knight-delivered-too-big", { file: file.fileName, size: (file.sizeBytes / 1024 / 1024).toFixed(1) })}`,
            buttons: [
              [
                {
                  text: t("knight-delivered-download", { file: clip(file.fileName, 40) }),
                  url: file.url,
                },
              ],
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
    failed: (task: TaskRef, who: string, reason: string) =>
      deliver(task, "failed", async (chatId, t, locale) =>
        notifier.send({
          chatId,
          text: `${t("knight-failed", { name: who, reason: clip(reason, 1500) })}${await receipt(task, t, locale)}`,
        }),
      ),
    cancelled: (task: TaskRef, who: string) =>
      deliver(task, "cancelled", async (chatId, t, locale) =>
        notifier.send({
          chatId,
          text: `${t("knight-cancelled", { name: who })}${await receipt(task, t, locale)}`,
        }),
      ),
  };
}

export type KnightNotices = ReturnType<typeof createKnightNotices>;

const HELP_LABELS: Record<HelpRequest["reason"], string> = {
  captcha: "a CAPTCHA",
  login: "a login",
  two_factor: "a two-factor code",
  one_time_code: "a one-time code",
  choice: "a choice only you can make",
};

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
