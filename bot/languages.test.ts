/**
 * Every customer is answered in their own language: a Telegram user whose
 * app speaks Spanish, Brazilian Portuguese, Russian or Indonesian is
 * onboarded, approves work under the product's card (the real deploy
 * executor writes the task), follows its progress to its final state, and
 * receives the knight's final message with its screenshot, what to do next
 * and the receipt (the real knights' notices, through the outbox) — and no
 * English catalogue text, id, tool name or mid-word cut reaches them.
 * /language switches it; a language we do not have falls back to English.
 */
import type { InlineKeyboardButton, Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKnightExecutors } from "../agents/knights/executor.ts";
import { narrateAction } from "../agents/knights/narrate.ts";
import { createKnightNotices } from "../agents/knights/notify.ts";
import { formatElapsed } from "../agents/knights/receipt.ts";
import { approvalCard, requestApproval } from "../approvals/index.ts";
import { catalogue, formatMoney, LOCALES, type Locale, SOURCES } from "../i18n/index.ts";
import { createLogger } from "../observability/index.ts";
import { type BotHarness, startBotHarness } from "../testing/index.ts";

/** What the brain (a model told the customer's language) would say, per language. */
const SAID: Record<Locale, { reply: string; summary: string; done: string }> = {
  en: { reply: "I can hire a web developer.", summary: "Update hours", done: "Hours updated." },
  es: {
    reply: "Puedo contratar a un desarrollador web para actualizar tu horario.",
    summary: "Contratar a un desarrollador web",
    done: "El horario de la web ahora dice 9-17.",
  },
  "pt-BR": {
    reply: "Posso contratar um desenvolvedor web para atualizar seu horário.",
    summary: "Contratar um desenvolvedor web",
    done: "O horário do site agora mostra 9-17.",
  },
  ru: {
    reply: "Я могу нанять веб-разработчика, чтобы обновить часы работы.",
    summary: "Нанять веб-разработчика",
    done: "На сайте теперь указано 9–17.",
  },
  id: {
    reply: "Saya bisa merekrut pengembang web untuk memperbarui jam buka Anda.",
    summary: "Rekrut pengembang web",
    done: "Jam buka di situs sekarang 9-17.",
  },
};

/** English fixed texts long enough to recognise, minus words a locale shares with English. */
function englishFragments(locale: Locale): string[] {
  const t = catalogue().t;
  const HOLE = "\u0000";
  const keys = Object.keys(englishKeys());
  const theirs = keys.map((k) => t(locale, k, englishKeys()[k])).join("\n");
  return [
    ...new Set(
      keys.flatMap((k) =>
        t("en", k, englishKeys()[k])
          .split(new RegExp(`${HOLE}|\\n`))
          .map((s) => s.replace(/<[^>]+>/g, "").trim())
          .filter((s) => s.length >= 12 && !theirs.includes(s)),
      ),
    ),
  ];
}

/** Every English key with a hole for each variable (counts get 2, so plural forms render). */
function englishKeys(): Record<string, Record<string, string | number>> {
  const keys: Record<string, Record<string, string | number>> = {};
  const text = SOURCE_EN;
  let current = "";
  for (const line of text.split("\n")) {
    const head = /^([a-z][a-z0-9_-]*)\s*=/.exec(line);
    if (head) {
      current = head[1]!;
      keys[current] = {};
    }
    if (!current || line.startsWith("#")) continue;
    for (const m of line.matchAll(/\$([a-z_]+)/g))
      keys[current]![m[1]!] = /count|active|steps|step|max|knights|threshold/.test(m[1]!)
        ? 2
        : "\u0000";
  }
  return keys;
}

let SOURCE_EN = "";

describe("customers answered in their own language", () => {
  let h: BotHarness;
  const approvals = new Map<number, string>();
  const logger = createLogger({ level: process.env.TEST_LOG ?? "silent" });

  beforeAll(async () => {
    SOURCE_EN = SOURCES.en;
    h = await startBotHarness({
      brain: {
        // Stands in for King Mouse: records a real deploy approval, says so in the customer's language.
        handleMessage: async ({ userId, customerId, chatId }) => {
          const locale = LOCALE_OF_CHAT.get(chatId) ?? "en";
          const { id } = await h.data.asService("test: brain asks for approval", (tx) =>
            requestApproval(tx, {
              customerId,
              userId,
              kind: "deploy_employee",
              summary: SAID[locale].summary,
              payload: {
                role: "web_developer",
                task: SAID[locale].summary,
                budgetMicros: 5_000_000,
                estimateMicros: 640_000,
                estimateMinutes: 25,
              },
            }),
          );
          approvals.set(chatId, id);
          return { text: SAID[locale].reply, approval: { id, summary: SAID[locale].summary } };
        },
      },
    });
    for (const [kind, executor] of Object.entries(
      createKnightExecutors({ data: h.data, queues: h.queues, logger }),
    ))
      h.executors.register(kind, executor);
  });
  afterAll(() => h?.close());

  const LOCALE_OF_CHAT = new Map<number, Locale>();
  /** The bot's message with this text (or caption), whether it came before or after the call. */
  const shown = async (chatId: number, text: string): Promise<Message> => {
    for (let i = 0; i < 100; i++) {
      const found = h.telegram.chat(chatId).messages.find((m) => m.from_bot && m.text === text);
      if (found) return found.message;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the bot never said ${JSON.stringify(text)}`);
  };

  it.each([
    ["es", "es"],
    ["pt-br", "pt-BR"],
    ["ru", "ru"],
    ["id", "id"],
  ] as const)("onboards, approves and reports entirely in %s", async (code, locale) => {
    const t = (key: string, args?: Record<string, string | number>) =>
      catalogue().t(locale, key, args);
    const telegramId = 330_000 + LOCALES.indexOf(locale);
    LOCALE_OF_CHAT.set(telegramId, locale);
    const { token } = await h.invite("Placeholder");
    const user = h.telegram.users.get(telegramId, { first_name: "Ana", language_code: code });
    const next = (text: string, timeoutMs?: number) => h.next(user.chatId, text, timeoutMs);

    user.start(token);
    await next(t("onboarding-q1"));
    user.sendText("Panadería Ana");
    await next(t("onboarding-q2", { name: "Panadería Ana" }));
    user.sendText("Actualizar la web");
    const plans = await next(t("onboarding-q3"));
    const planButtons = plans.reply_markup!.inline_keyboard.flat().map((b) => b.text);
    expect(planButtons[0]).toBe(t("onboarding-plan-free", { messages: 200 }));
    user.pressButton(plans, "plan:free");
    const welcome = await next(t("onboarding-done-free", { name: "Panadería Ana" }));
    expect(welcome.reply_markup!.inline_keyboard.flat().map((b) => b.text)).toContain(
      t("qa-employees"),
    );

    user.sendText("Cambia el horario de la web a 9-17");
    const said = await next(SAID[locale].reply);
    expect(said.reply_markup, "the model's words carry no button").toBeUndefined();
    // The buttons sit under the product's card, written in the user's language.
    const ask = await h.nextCard(user.chatId);
    const { rows: approvalRows } = await h.db.pool.query(
      "select kind, summary, payload from public.approvals where id = $1",
      [approvals.get(telegramId)],
    );
    expect(ask.text).toBe(approvalCard(approvalRows[0], locale));
    expect(ask.text).toContain(formatMoney(5_000_000, locale));
    const approve = (
      ask.reply_markup!.inline_keyboard.flat() as InlineKeyboardButton.CallbackButton[]
    ).find((b) => b.text === t("approval-approve"));
    expect(approve, "the Approve button is in the user's language").toBeDefined();
    user.pressButton(ask, approve!.callback_data);
    // The tap ran the real deploy executor: the task is written and queued.
    let rows: { id: string; name: string }[] = [];
    for (let i = 0; i < 100 && rows.length === 0; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      ({ rows } = await h.db.pool.query<{ id: string; name: string }>(
        "select t.id, e.name from public.tasks t join public.employees e on e.id = t.employee_id where t.approval_id = $1",
        [approvals.get(telegramId)],
      ));
    }
    await shown(user.chatId, t("knight-on-it", { name: rows[0]?.name ?? "?" }));

    // The knight finishes: its report and screenshot go out through the real notices.
    const task = await h.db.pool.query<{ id: string; customer_id: string; requested_by: string }>(
      "select id, customer_id, requested_by from public.tasks where id = $1",
      [rows[0]!.id],
    );
    const notices = createKnightNotices({ data: h.data, notifier: h.notifier, logger });
    const typed = { action: "type" as const, text: "9–17" };
    await notices.progress(task.rows[0]!, {
      who: rows[0]!.name,
      step: 3,
      maxSteps: 120,
      params: { kind: "action", actions: [typed] },
      costMicros: 40_000,
    });
    await next(
      t("knight-progress", {
        name: rows[0]!.name,
        step: 3,
        max: 120,
        what: narrateAction(typed, locale),
        cost: formatMoney(40_000, locale),
      }),
    );
    await notices.done(task.rows[0]!, rows[0]!.name, SAID[locale].done, PNG);
    // The progress message ends in its final state: done, with the time and the cost.
    const cost = await h.db.pool.query<{ cost_micros: string }>(
      "select cost_micros::text from public.tasks where id = $1",
      [rows[0]!.id],
    );
    await shown(
      user.chatId,
      t("knight-state-done", {
        name: rows[0]!.name,
        elapsed: formatElapsed(0, locale),
        cost: formatMoney(cost.rows[0]!.cost_micros, locale),
      }),
    );
    const receipt = await next(
      t("knight-done", { name: rows[0]!.name, summary: SAID[locale].done }),
    );
    expect(receipt.photo?.length).toBeGreaterThan(0);
    // What to do next, and the receipt, in the user's language.
    expect(receipt.caption).toContain(t("knight-next-done"));
    expect(receipt.caption).toContain(t("receipt-title"));
    expect(receipt.caption).toContain(t("receipt-no-files"));

    const seen = h.telegram
      .chat(user.chatId)
      .messages.filter((m) => m.from_bot)
      .flatMap((m) => [
        m.text ?? "",
        ...(m.message.reply_markup?.inline_keyboard.flat().map((b) => b.text) ?? []),
      ]);
    const fragments = englishFragments(locale);
    expect(fragments.length, "English texts to look for").toBeGreaterThan(100);
    const english = fragments.filter((f) => seen.some((s) => s.includes(f)));
    expect(english, "English catalogue text the user saw").toEqual([]);
    expect(seen.join("\n")).toContain(t("approval-approved-by", { name: "Ana" }));
    expect(h.customerFacingProblems()).toEqual([]);
  });

  it("/language switches the language, and it is stored for the user", async () => {
    const telegramId = 330_100;
    await h.member(telegramId, { customerName: "Loja da Bia" });
    const user = h.telegram.users.get(telegramId, { first_name: "Bia", language_code: "pt-br" });
    user.sendText("/help");
    await h.next(user.chatId, "/employees — seus cavaleiros");
    user.sendText("/language");
    const menu: Message = await h.next(user.chatId, catalogue().t("pt-BR", "language-choose"));
    expect(menu.reply_markup!.inline_keyboard.flat().map((b) => b.text)).toEqual([
      "English",
      "Español",
      "Português (Brasil)",
      "Русский",
      "Bahasa Indonesia",
    ]);
    user.pressButton(menu, "lang:ru");
    await h.next(user.chatId, "Готово — теперь я говорю с вами по-русски.");
    user.sendText("/help");
    await h.next(user.chatId, "/employees — ваши рыцари");
    const { rows } = await h.db.pool.query(
      "select language from public.users where telegram_user_id = $1",
      [telegramId],
    );
    expect(rows[0].language).toBe("ru");
  });

  it("falls back to English for a language we do not speak, or none", async () => {
    for (const [id, code] of [
      [330_200, "fa"],
      [330_201, undefined],
    ] as const) {
      const user = h.telegram.users.get(id, {
        first_name: "Sam",
        ...(code ? { language_code: code } : {}),
      });
      user.sendText("/start");
      await h.next(user.chatId, "Hi! I'm King Mouse 🐭");
    }
  });
});

/** A 1×1 PNG: the knight's final screenshot. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
