/**
 * The QR code a reseller prints is read back by an independent decoder
 * (jsQR): both the SVG on the page (rasterised from its path) and the PNG
 * download must be the bot's deep link carrying a valid, unused invite.
 */
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redeemInvite } from "../accounts/index.ts";
import { databaseBackends } from "../testing/index.ts";
import { BOT, startWebHarness, type WebHarness } from "./test-support.ts";

/** Rasterises qrcode's SVG (one `path` of horizontal strokes: `M x y`, `h n`, `m dx dy`). */
function rasterizeSvg(
  svg: string,
  scale = 6,
): { data: Uint8ClampedArray; width: number; height: number } {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  const d = /<path stroke="#000000" d="([^"]+)"/.exec(svg)?.[1];
  if (!size || !d) throw new Error("not a qrcode SVG");
  const dark = new Set<string>();
  let x = 0;
  let y = 0;
  for (const [, cmd, args] of d.matchAll(/([MmHh])([^MmHh]*)/g)) {
    const n = args!
      .trim()
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    if (cmd === "M") [x, y] = [n[0]!, n[1]!];
    else if (cmd === "m") [x, y] = [x + n[0]!, y + n[1]!];
    else {
      for (let i = 0; i < n[0]!; i++) dark.add(`${x + i},${Math.floor(y)}`);
      x += n[0]!;
    }
  }
  const width = size * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  for (let py = 0; py < width; py++) {
    for (let px = 0; px < width; px++) {
      if (!dark.has(`${Math.floor(px / scale)},${Math.floor(py / scale)}`)) continue;
      const o = (py * width + px) * 4;
      data[o] = data[o + 1] = data[o + 2] = 0;
    }
  }
  return { data, width, height: width };
}

describe.each(databaseBackends())("reseller QR codes (%s)", (backend) => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await startWebHarness({ backend });
  });
  afterAll(() => h?.close());

  it("encodes the bot's deep link with a valid invite, in the page's SVG and in the PNG", async () => {
    const owner = await h.as("resellerOwner");
    const created = await owner.post(`/r/${h.f.ids.R1}/customers`, { name: "Corner Shop" });
    const invitePath = created.headers.get("location")!;
    const customerId = invitePath.split("/")[4]!;

    const html = await (await owner.get(invitePath)).text();
    const svg = /data-qr[^>]*>\s*(<svg[\s\S]*?<\/svg>)/.exec(html)?.[1];
    expect(svg).toBeDefined();
    const fromSvg = rasterizeSvg(svg!);
    const svgText = jsQR(fromSvg.data, fromSvg.width, fromSvg.height)?.data;

    const png = PNG.sync.read(
      Buffer.from(await (await owner.get(`${invitePath}.png`)).arrayBuffer()),
    );
    const pngText = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;

    expect(svgText).toMatch(new RegExp(`^https://t\\.me/${BOT}\\?start=[A-Za-z0-9_-]{16,64}$`));
    expect(pngText).toBe(svgText);
    expect(html).toContain(svgText!.replaceAll("&", "&amp;"));

    const token = new URL(svgText!).searchParams.get("start")!;
    const { rows } = await h.db.pool.query(
      "select customer_id, role, redeemed_at, expires_at > now() as valid from public.invites where token = $1",
      [token],
    );
    expect(rows).toEqual([
      { customer_id: customerId, role: "owner", redeemed_at: null, valid: true },
    ]);

    // Scanning it binds the scanner to exactly this customer, once.
    const redeemed = await redeemInvite(h.data, token, { id: 555_001, first_name: "Corner" });
    expect(redeemed).toMatchObject({ ok: true, customerId, role: "owner" });
    const after = await owner.get(`${invitePath}.png`);
    expect(after.status).toBe(404);
  });

  it("gives the public /onboard sign-up its own working code and link", async () => {
    const res = await h.app.request("/onboard", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
      body: new URLSearchParams({ name: "Tiny Cafe", contact: "tiny@example.com" }).toString(),
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    const pngHref = /href="(\/onboard\/qr\.png\?token=[^"]+)"/.exec(html)?.[1];
    const png = PNG.sync.read(
      Buffer.from(await (await h.app.request(pngHref!.replaceAll("&amp;", "&"))).arrayBuffer()),
    );
    const text = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? "";
    const token = new URL(text).searchParams.get("start")!;
    const { rows } = await h.db.pool.query(
      `select c.name, c.reseller_id, s.contact from public.invites i
         join public.customers c on c.id = i.customer_id
         join public.signups s on s.customer_id = c.id
        where i.token = $1 and i.redeemed_at is null`,
      [token],
    );
    expect(rows).toEqual([{ name: "Tiny Cafe", reseller_id: null, contact: "tiny@example.com" }]);
    expect(html).toContain(text);
  });

  it("limits public sign-ups per address (5 an hour, shared by every web process)", async () => {
    const signup = (name: string) =>
      h.app.request("/onboard", {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: "http://localhost",
        },
        body: new URLSearchParams({ name, contact: "x@example.com" }).toString(),
      });
    // One sign-up came from this address in the test above.
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await signup(`Shop ${i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const cross = await h.app.request("/onboard", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: "https://evil.example",
      },
      body: new URLSearchParams({ name: "Forged", contact: "x@example.com" }).toString(),
    });
    expect(cross.status).toBe(403);
  });
});
