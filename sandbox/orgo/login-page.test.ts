import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totp } from "../../vault/index.ts";
import { type ServedSandbox, serveSandbox } from "./test-client.ts";

const SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const SITE = {
  url: "https://www.wix.com/login",
  username: "rosa@bakery.example",
  password: "correct horse battery staple",
  totpSeed: SEED,
};

describe("the sandbox sign-in page", () => {
  let s: ServedSandbox;
  beforeAll(async () => {
    s = await serveSandbox({ sites: [SITE] });
  });
  afterAll(() => s?.server.close());

  const act = (id: string, path: string, body: unknown) =>
    s.call("POST", `/computers/${id}/${path}`, body);
  const title = async (id: string) =>
    (await act(id, "bash", { command: "xdotool getactivewindow getwindowname" })).body.output;

  it("opens at its address, reports its host in the window title, and signs in with the right values", async () => {
    const { id } = await s.computer("login-ok");
    expect(await title(id)).toBe("notes.txt - Editor\n");
    await act(id, "key", { key: "ctrl+l" });
    await act(id, "type", { text: "www.wix.com/login" });
    await act(id, "key", { key: "Return" });
    expect(await title(id)).toBe("Sign in - www.wix.com - Browser\n");
    expect(s.inspect.screen(id).page).toMatchObject({
      status: "form",
      filled: [false, false, false],
    });

    await act(id, "type", { text: SITE.username });
    await act(id, "key", { key: "Tab" });
    await act(id, "type", { text: SITE.password });
    await act(id, "key", { key: "Tab" });
    await act(id, "type", { text: totp(SEED) });
    expect(s.inspect.screen(id).page?.filled).toEqual([true, true, true]);
    // The editor's document is untouched: what was typed went into the page.
    expect(s.inspect.screen(id).text).toBe("");
    await act(id, "key", { key: "Return" });
    expect(s.inspect.screen(id).page).toMatchObject({ status: "signed_in", attempts: 1 });
    expect(await title(id)).toBe("www.wix.com - Browser\n");
  });

  it("rejects a wrong code or password, and xdg-open reaches only configured sites", async () => {
    const { id } = await s.computer("login-bad");
    expect(
      (await act(id, "bash", { command: "xdg-open https://evil.example/" })).body.exit_code,
    ).toBe(4);
    expect(
      (await act(id, "bash", { command: "xdg-open https://www.wix.com/login" })).body.exit_code,
    ).toBe(0);
    await act(id, "type", { text: `${SITE.username}\t${SITE.password}\t000000` });
    await act(id, "key", { key: "Return" });
    const code = totp(SEED);
    const rejected = s.inspect.screen(id).page;
    expect(rejected?.status).toBe(code === "000000" ? "signed_in" : "rejected");
    await act(id, "type", { text: "wrong password\t" });
    await act(id, "type", { text: code });
    await act(id, "key", { key: "Return" });
    expect(s.inspect.screen(id).page?.status).toBe("rejected");
    // The screen shows dots for the password, never the password.
    const png = s.inspect.renderScreen(id);
    expect(png.includes(Buffer.from(SITE.password))).toBe(false);
  });
});
