import { Layout } from "./layout.tsx";

/** A Telegram-like chat with the bot through the sandbox Bot API (no-keys demo only). */
export function SimulatorPage({ botUsername }: { botUsername: string }) {
  return (
    <Layout title="Telegram simulator" scripts={["/assets/simulator.js"]}>
      <h1>Telegram simulator · @{botUsername}</h1>
      <p class="muted">
        You are <span data-who>…</span>. This talks to the sandbox Bot API: no real Telegram
        involved. <span data-typing></span>
      </p>
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
