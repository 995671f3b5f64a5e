import type { DemoPersona } from "../../accounts/index.ts";
import { Layout } from "./layout.tsx";

/** Languages a brand-new simulated user can claim (Telegram's `language_code`). */
export const SIMULATOR_LANGUAGES = [
  ["en", "English"],
  ["es", "Español"],
  ["pt-br", "Português (Brasil)"],
  ["ru", "Русский"],
  ["id", "Bahasa Indonesia"],
] as const;

/**
 * A Telegram-like chat with the bot through the sandbox Bot API (no-keys demo
 * only). The visitor can be any seeded demo persona or a brand-new Telegram
 * user; the personas ride on data attributes because the CSP allows no inline script.
 */
export function SimulatorPage({
  botUsername,
  personas,
}: {
  botUsername: string;
  personas: readonly DemoPersona[];
}) {
  return (
    <Layout title="Telegram simulator" scripts={["/assets/simulator.js"]}>
      <h1>Telegram simulator · @{botUsername}</h1>
      <p class="muted">
        You are <span data-who>…</span>. This talks to the sandbox Bot API: no real Telegram
        involved. <span data-typing></span>
      </p>
      <p class="personas" data-personas>
        <span class="muted">Be: </span>
        {personas.map((p) => (
          <a
            class="button secondary"
            href={`/simulator?as=${p.key}`}
            data-persona={p.key}
            data-telegram-id={String(p.telegramUserId)}
            data-name={p.name.split(" (")[0]}
          >
            {p.name} · {p.role}
          </a>
        ))}{" "}
        <a class="button secondary" href="/simulator?as=new" data-persona="new">
          A new Telegram user
        </a>{" "}
        <label class="inline">
          <span class="muted">new user's language </span>
          <select data-language aria-label="New user's Telegram language">
            {SIMULATOR_LANGUAGES.map(([code, label]) => (
              <option value={code}>{label}</option>
            ))}
          </select>
        </label>
      </p>
      <p class="commands" data-commands></p>
      <div class="chat" data-simulator>
        <div class="messages" data-messages></div>
        <form>
          <input
            name="text"
            autocomplete="off"
            placeholder="Message King Mouse"
            aria-label="Message"
          />
          <button type="submit">Send</button>
        </form>
      </div>
    </Layout>
  );
}
