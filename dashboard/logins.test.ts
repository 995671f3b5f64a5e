/**
 * The logins pages and JSON routes: owners and admins add, edit and delete;
 * nothing ever shows a value back; viewers and members cannot see or add;
 * another customer's logins are unreachable through every route.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findEverywhere } from "../secrets/test-support.ts";
import { databaseBackends } from "../testing/index.ts";
import { startWebHarness, type WebHarness } from "./test-support.ts";

const PASSWORD = "Sunflower-Bakery-2026!";
const SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

describe.each(databaseBackends())("stored logins on the dashboard and API (%s)", (backend) => {
  let h: WebHarness;
  let loginId: string;
  beforeAll(async () => {
    h = await startWebHarness({ backend });
  });
  afterAll(() => h?.close());
  const page = (customer = h.f.ids.A) => `/c/${customer}/logins`;

  it("an owner adds a login with the form; the page lists it without its values", async () => {
    const owner = await h.as("customerOwner");
    const res = await owner.post(page(), {
      label: "Wix — rosas.bakery",
      username: "rosa@bakery.example",
      password: PASSWORD,
      totpSeed: SEED,
      allowedDomains: "wix.com",
      allowedRoles: "web_developer",
      notes: "",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${page()}?done=added`);
    const html = await (await owner.get(`${page()}?done=added`)).text();
    expect(html).toContain("Wix — rosas.bakery");
    expect(html).toContain("ro…@bakery.example");
    expect(html).toContain("Login saved.");
    for (const secret of [PASSWORD, SEED, "rosa@bakery.example"])
      expect(html).not.toContain(secret);
    const json = await (await owner.api(`/customers/${h.f.ids.A}/logins`)).json();
    // The fixture seeds an "Instagram" login for every customer; ours is beside it.
    expect(json.data.map((l: { label: string }) => l.label)).toEqual([
      "Instagram",
      "Wix — rosas.bakery",
    ]);
    loginId = json.data[1].id;
    expect(JSON.stringify(json)).not.toContain(PASSWORD);
    expect(await findEverywhere(h.db.pool, [PASSWORD, SEED])).toEqual([]);
  });

  it("refuses a bad form with the reason, keeping what may be shown and losing nothing", async () => {
    const owner = await h.as("customerOwner");
    const res = await owner.post(page(), {
      label: "Instagram",
      username: "rosas.bakery",
      password: PASSWORD,
      allowedDomains: "not a domain",
      allowedRoles: "social_media_manager",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("is not a domain");
    expect(html).toContain('value="Instagram"');
    expect(html).not.toContain(PASSWORD);
    const api = await owner.api(`/customers/${h.f.ids.A}/logins`, {
      method: "POST",
      json: {
        label: "X",
        username: "u",
        password: "p",
        allowedDomains: [],
        allowedRoles: ["researcher"],
      },
    });
    expect(api.status).toBe(400);
    expect((await api.json()).error.message).toContain("allowedDomains");
    const dup = await owner.api(`/customers/${h.f.ids.A}/logins`, {
      method: "POST",
      json: {
        label: "Wix — rosas.bakery",
        username: "u",
        password: "p",
        allowedDomains: ["wix.com"],
        allowedRoles: ["web_developer"],
      },
    });
    expect(dup.status).toBe(409);
    expect((await (await owner.api(`/customers/${h.f.ids.A}/logins`)).json()).data).toHaveLength(2);
  });

  it("viewers and members can neither see nor add logins", async () => {
    for (const who of ["customerViewer", "customerMember"] as const) {
      const client = await h.as(who);
      expect((await client.get(page())).status).toBe(403);
      expect((await client.api(`/customers/${h.f.ids.A}/logins`)).status).toBe(403);
      const add = await client.post(page(), {
        label: "Sneaky",
        username: "u",
        password: "p",
        allowedDomains: "wix.com",
        allowedRoles: "web_developer",
      });
      expect(add.status).toBe(403);
      expect((await client.get(`/c/${h.f.ids.A}`)).status).toBe(200);
      expect(await (await client.get(`/c/${h.f.ids.A}`)).text()).not.toContain("/logins");
    }
  });

  it("another customer's logins are unreachable through every route", async () => {
    const other = await h.as({ userId: h.f.residents.B });
    const ownerOfB = await h.as("stranger");
    for (const client of [other, ownerOfB]) {
      expect((await client.get(page())).status).toBe(404);
      expect([403, 404]).toContain((await client.api(`/customers/${h.f.ids.A}/logins`)).status);
      expect([403, 404]).toContain(
        (await client.api(`/customers/${h.f.ids.A}/logins/${loginId}`)).status,
      );
      expect([403, 404]).toContain(
        (await client.api(`/customers/${h.f.ids.A}/logins/${loginId}`, { method: "DELETE" }))
          .status,
      );
      expect((await client.post(`${page()}/${loginId}/delete`)).status).toBe(404);
    }
    // B's own id with A's login: not found.
    const bOwner = await h.as("customerOwner");
    expect(
      (await bOwner.api(`/customers/${h.f.ids.B}/logins/${loginId}`)).status,
    ).toBeGreaterThanOrEqual(403);
    expect((await (await h.as("customerOwner")).api(`/customers/${h.f.ids.A}/logins`)).status).toBe(
      200,
    );
  });

  it("an edit keeps values left empty; delete removes the login and its sealed values", async () => {
    const admin = await h.as("customerAdmin");
    const saved = await admin.post(`${page()}/${loginId}`, {
      label: "Wix",
      username: "",
      password: "",
      totpSeed: "",
      allowedDomains: "wix.com, editor.wix.com",
      allowedRoles: "web_developer",
      notes: "Shop site",
    });
    expect(saved.status).toBe(303);
    const after = await (await admin.api(`/customers/${h.f.ids.A}/logins/${loginId}`)).json();
    expect(after).toMatchObject({ label: "Wix", hasTotp: true, notes: "Shop site" });
    const patched = await admin.api(`/customers/${h.f.ids.A}/logins/${loginId}`, {
      method: "PATCH",
      json: { totpSeed: null },
    });
    expect((await patched.json()).hasTotp).toBe(false);
    expect((await admin.post(`${page()}/${loginId}/delete`)).status).toBe(303);
    const left = (await (await admin.api(`/customers/${h.f.ids.A}/logins`)).json()).data;
    expect(left.map((l: { label: string }) => l.label)).toEqual(["Instagram"]);
    const { rows } = await h.db.pool.query(
      "select count(*)::int as n from public.secrets where name like 'login_%'",
    );
    expect(rows[0].n).toBe(0);
  });
});
