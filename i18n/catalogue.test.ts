/**
 * The message catalogue is complete and alive: every locale has exactly
 * English's keys with the same variables, every key renders in every locale
 * without a Fluent error, and every key is used somewhere in the product
 * (a key nobody sends is a text nobody maintains). Money and dates read the
 * way each locale writes them.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { FluentBundle, FluentResource } from "@fluent/bundle";
import { describe, expect, it } from "vitest";
import { CUSTOMER_COMMANDS } from "../bot/commands.ts";
import { ADMIN_COMMANDS } from "../bot/features/admin.ts";
import {
  createCatalogue,
  formatDateTime,
  formatDayMonth,
  formatMoney,
  formatNumber,
  LOCALES,
  type Locale,
  localeFor,
  SOURCES,
} from "./index.ts";

const ROOT = join(import.meta.dirname, "..");
const source = (locale: Locale) => SOURCES[locale];
const keysOf = (locale: Locale) =>
  new FluentResource(source(locale)).body.map((m) => m.id).filter((id) => !id.startsWith("-"));
/** Variables a message uses, from its source text (selectors included). */
function variablesOf(locale: Locale): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  let current = "";
  for (const line of source(locale).split("\n")) {
    const head = /^([a-z][a-z0-9_-]*)\s*=/.exec(line);
    if (head) current = head[1]!;
    if (!current || line.startsWith("#")) continue;
    const vars = out.get(current) ?? new Set<string>();
    for (const m of line.matchAll(/\$([a-z_]+)/g)) vars.add(m[1]!);
    out.set(current, vars);
  }
  return out;
}

/** Keys built at run time from a prefix and a closed list, and that list. */
const DYNAMIC: Record<string, readonly string[]> = {
  "cmd-": [...CUSTOMER_COMMANDS, ...ADMIN_COMMANDS.map(([c]) => c)],
  "task-status-": [
    "awaiting_approval",
    "queued",
    "running",
    "waiting_for_input",
    "succeeded",
    "failed",
    "cancelled",
  ],
  "employee-status-": ["idle", "working", "paused"],
  "replay-caption-": ["succeeded", "failed", "cancelled"],
  "knight-result-file-": ["table", "full"],
};

function productSources(dir = ROOT, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (["node_modules", ".git", ".data", "test-artifacts"].includes(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) productSources(path, out);
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

describe("the message catalogue", () => {
  const english = keysOf("en");

  it.each(LOCALES.filter((l) => l !== "en"))(
    "%s has exactly English's keys and variables",
    (locale) => {
      const keys = keysOf(locale);
      expect(
        keys.filter((k) => !english.includes(k)),
        "keys English lacks",
      ).toEqual([]);
      expect(
        english.filter((k) => !keys.includes(k)),
        "keys missing",
      ).toEqual([]);
      const en = variablesOf("en");
      const here = variablesOf(locale);
      for (const key of english) {
        expect([...(here.get(key) ?? [])].sort(), `${locale} ${key}`).toEqual(
          [...(en.get(key) ?? [])].sort(),
        );
      }
    },
  );

  it("renders every key in every locale without a Fluent error", () => {
    const en = variablesOf("en");
    for (const locale of LOCALES) {
      const bundle = new FluentBundle(locale, { useIsolating: false });
      expect(bundle.addResource(new FluentResource(source(locale)))).toEqual([]);
      for (const key of english) {
        const args = Object.fromEntries(
          [...(en.get(key) ?? [])].map((v) => [
            v,
            /count|active|steps|step|max|knights/.test(v) ? 3 : "X",
          ]),
        );
        const errors: Error[] = [];
        const text = bundle.formatPattern(bundle.getMessage(key)!.value!, args, errors);
        expect(errors, `${locale} ${key}`).toEqual([]);
        expect(text.trim().length, `${locale} ${key}`).toBeGreaterThan(0);
      }
    }
  });

  it("has no key that the product never uses", () => {
    const code = productSources()
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    const unused = english.filter((key) => {
      if (code.includes(`"${key}"`)) return false;
      const family = Object.entries(DYNAMIC).find(([prefix]) => key.startsWith(prefix));
      return !(
        family &&
        code.includes(`\`${family[0]}\${`) &&
        family[1].includes(key.slice(family[0].length))
      );
    });
    expect(unused).toEqual([]);
  });

  it("maps Telegram language codes onto locales, English when unknown", () => {
    expect(localeFor("es")).toBe("es");
    expect(localeFor("es-MX")).toBe("es");
    expect(localeFor("pt-br")).toBe("pt-BR");
    expect(localeFor("pt")).toBe("pt-BR");
    expect(localeFor("ru")).toBe("ru");
    expect(localeFor("id")).toBe("id");
    expect(localeFor("de")).toBe("en");
    expect(localeFor("")).toBe("en");
    expect(localeFor(undefined)).toBe("en");
    const catalogue = createCatalogue();
    expect(catalogue.t("ru", "qa-help")).toBe("❓ Помощь");
    expect(catalogue.t(localeFor("fa"), "qa-help")).toBe("❓ Help");
  });
});

describe("numbers, money and dates per locale", () => {
  const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");
  const at = "2026-12-07T19:30:00Z";
  it.each([
    ["en", "$1,234.50", "12,000", "February 1", "Dec 7, 2026, 4:30 PM"],
    ["es", "1234,50 US$", "12.000", "1 de febrero", "7 dic 2026, 16:30"],
    ["pt-BR", "US$ 1.234,50", "12.000", "1 de fevereiro", "7 de dez. de 2026, 16:30"],
    ["ru", "1 234,50 $", "12 000", "1 февраля", "7 дек. 2026 г., 16:30"],
    ["id", "US$1.234,50", "12.000", "1 Februari", "7 Des 2026, 16.30"],
  ] as const)("%s", (locale, money, number, day, moment) => {
    expect(plain(formatMoney(1_234_500_000, locale))).toBe(money);
    expect(plain(formatNumber(12_000, locale))).toBe(number);
    expect(plain(formatDayMonth("2026-02-01T00:00:00Z", locale))).toBe(day);
    // Times are the customer's: 19:30 UTC is 16:30 in São Paulo.
    expect(plain(formatDateTime(at, locale, "America/Sao_Paulo"))).toBe(moment);
  });
});
