/**
 * The banner names the simulator and hands out demo sign-in links only in the
 * no-keys demo; with a real bot token it says where the dashboard is and
 * which services are real, and offers nobody a way in.
 */
import { describe, expect, it } from "vitest";
import { createConfig } from "../config/index.ts";
import type { Data } from "../db/index.ts";
import { bannerFacts, demoSignIns, renderBanner } from "./banner.ts";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0";

describe("the start-up banner", () => {
  it("with a real bot token: no simulator, no sign-in links, the real services named", async () => {
    const config = createConfig({ TELEGRAM_BOT_TOKEN: TOKEN, STRIPE_SECRET_KEY: "sk_test_x" });
    const untouched = new Proxy({} as Data, {
      get: () => {
        throw new Error("a real bot's banner must not read or write the database");
      },
    });
    const signIns = await demoSignIns(untouched, { baseUrl: "https://mouse.example.com", config });
    expect(signIns).toEqual([]);
    const text = renderBanner(
      bannerFacts(config, { role: "all", url: "https://mouse.example.com", signIns }),
    );
    expect(text).toContain("Dashboard             https://mouse.example.com/");
    expect(text).not.toMatch(/simulator|\/login\//i);
    expect(text).toMatch(/Real services\s+telegram, stripe/);
    expect(text).toMatch(/Sandboxed \(local\)\s+anthropic, openai, orgo/);
  });

  it("in the no-keys demo: the simulator, the demo QR code and who to be", () => {
    const config = createConfig({});
    const text = renderBanner(
      bannerFacts(config, {
        role: "all",
        url: "http://127.0.0.1:8787",
        signIns: [
          {
            persona: {
              key: "admin",
              role: "platform admin",
              name: "Ada (platform admin)",
              userId: "x",
              telegramUserId: 1,
            },
            url: "http://127.0.0.1:8787/login/abc",
          },
        ],
      }),
    );
    expect(text).toContain("Telegram simulator    http://127.0.0.1:8787/simulator");
    expect(text).toContain("http://127.0.0.1:8787/simulator?start=demo_invite_0000000000000001");
    expect(text).toMatch(/platform admin\s+http:\/\/127\.0\.0\.1:8787\/login\/abc\s+Ada/);
    expect(text).toContain("Stop with Ctrl+C");
  });
});
