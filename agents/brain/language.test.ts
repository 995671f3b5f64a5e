/**
 * King Mouse answers in the customer's language: the system prompt the model
 * receives names the language of the person talking (their /language
 * choice, else their Telegram language), and it is the same text on every
 * turn for that person, so prompt caching keeps working.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { NormalizedRequest } from "../../sandbox/models/types.ts";
import { budgetPauseMessage, systemPrompt } from "../knights/prompt.ts";
import { type Harness, startHarness } from "./test-support.ts";

describe("King Mouse speaks the customer's language", () => {
  let h: Harness;
  const seen: NormalizedRequest[] = [];
  beforeAll(async () => {
    h = await startHarness("pglite", {
      brain: (request) => {
        seen.push(request);
        return { text: "Hola" };
      },
    });
  });
  afterAll(() => h.close());

  const systemFor = async (text: string) => {
    seen.length = 0;
    await h.king.handleMessage({
      userId: h.tenants.a.owner,
      customerId: h.tenants.a.customer,
      chatId: 4242,
      text,
    });
    return seen.map((r) => r.system);
  };

  test("names the person's language, stable from turn to turn, and follows /language", async () => {
    const english = await systemFor("hello");
    expect(english[0]).toContain("Always answer in English");

    await h.data.asService("test: joined from a Spanish Telegram", (tx) =>
      tx.query("update public.users set language_code = 'es-MX' where id = $1", [
        h.tenants.a.owner,
      ]),
    );
    const first = await systemFor("hola, ¿qué tal?");
    const second = await systemFor("¿y mis empleados?");
    expect(first[0]).toContain("Always answer in Spanish");
    expect(second[0]).toBe(first[0]);

    await h.data.asService("test: chose Russian with /language", (tx) =>
      tx.query("update public.users set language = 'ru' where id = $1", [h.tenants.a.owner]),
    );
    expect((await systemFor("привет"))[0]).toContain("Always answer in Russian");
  });

  test("a knight writes its report and questions in the customer's language", () => {
    const employee = { name: "Pixel", role_template: "web_developer" };
    const display = { width: 1280, height: 800 };
    expect(systemPrompt(employee, display, "pt-BR")).toContain(
      "write your summary and any question to them in Brazilian Portuguese",
    );
    expect(systemPrompt(employee, display, "id")).toBe(systemPrompt(employee, display, "id"));
    expect(
      budgetPauseMessage(
        { ok: false, reason: "task_budget", budgetMicros: 5_000_000 } as never,
        "es",
      ),
    ).toBe(
      "Esta tarea alcanzó su presupuesto (5,00\u00a0US$), así que la he pausado. Responde para continuar o detenla con /stop.",
    );
  });
});
