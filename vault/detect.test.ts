import { describe, expect, it } from "vitest";
import { detectPastedLogin } from "./detect.ts";

describe("noticing a login pasted into chat", () => {
  it.each([
    [
      "my wix login is rosa@bakery.example and the password is Sunflower-2026!",
      {
        password: "Sunflower-2026!",
        username: "rosa@bakery.example",
        site: "wix.com",
        service: "Wix",
      },
    ],
    [
      "instagram user: rosas.bakery pass: hunter2hunter2",
      { password: "hunter2hunter2", username: "rosas.bakery", site: "instagram.com" },
    ],
    [
      "password=Tr0ub4dor&3 for shop.example.com",
      { password: "Tr0ub4dor&3", site: "shop.example.com" },
    ],
    ["Passwort: geheim123", { password: "geheim123" }],
  ])("finds it in %j", (text, expected) => {
    expect(detectPastedLogin(text)).toMatchObject(expected);
  });

  it.each([
    "I forgot my password, can you help?",
    "my password is wrong on wix",
    "please reset the password",
    "Post our weekend specials on Instagram",
    "what's the pass rate of the exam",
  ])("leaves an ordinary message alone: %j", (text) => {
    expect(detectPastedLogin(text)).toBeUndefined();
  });

  it("notices an authenticator link", () => {
    expect(
      detectPastedLogin(
        "here is the 2fa: otpauth://totp/Wix:rosa?secret=JBSWY3DPEHPK3PXP&issuer=Wix",
      )?.totpSeed,
    ).toContain("otpauth://totp/");
  });
});
