/**
 * The catalogue page and an employee's notes on the dashboard: a reseller's
 * role is listed for its own customers only, the filter narrows the list,
 * "Hire" records a deploy_employee approval pinned to the role version (the
 * same function King Mouse and /hire call), a viewer cannot hire, a plan too
 * small is told so; notes are shown on the employee's page, edited and
 * deleted by those who may, and refused when they look like a secret.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishRole } from "../roles/index.ts";
import { databaseBackends } from "../testing/index.ts";
import { startWebHarness, type WebHarness } from "./test-support.ts";

describe.each(databaseBackends())("the catalogue on the dashboard (%s)", (backend) => {
  let h: WebHarness;
  let floristKey: string;
  beforeAll(async () => {
    h = await startWebHarness({ backend });
    const florist = await h.data.asUser({ sub: h.f.users.resellerOwner }, (tx) =>
      publishRole(
        tx,
        { userId: h.f.users.resellerOwner, resellerId: h.f.ids.R1 },
        {
          name: "Florist Assistant",
          pitch: "Plans bouquets.",
          pickWhen: "flowers, bouquets",
          instructions: "Plan bouquets in the shop's style.",
          defaultBudgetMicros: 1_000_000,
          defaultMaxSteps: 20,
          priceMicros: 750_000,
          starterTasks: ["Plan Friday's bouquets"],
        },
      ),
    );
    floristKey = florist.key;
  });
  afterAll(() => h?.close());

  const query = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    h.data.asService("test: inspect", async (tx) => (await tx.query<T>(sql, params)).rows);

  it("lists the platform's roles and the customer's reseller's, filters, and hires through an approval", async () => {
    const owner = await h.as("customerOwner");
    const page = await (await owner.get(`/c/${h.f.ids.A}/catalogue`)).text();
    expect(page).toContain("Florist Assistant");
    expect(page).toContain("Review Responder");
    expect(page).toContain("role price $0.75 per task");
    const filtered = await (await owner.get(`/c/${h.f.ids.A}/catalogue?q=reviews`)).text();
    expect(filtered).toContain("Review Responder");
    expect(filtered).not.toContain("Florist Assistant");

    // Customer B belongs to another reseller: not in its catalogue, and not hireable by key.
    const b = await h.as({ userId: h.f.residents.B });
    expect(await (await b.get(`/c/${h.f.ids.B}/catalogue`)).text()).not.toContain(
      "Florist Assistant",
    );
    expect((await b.get(`/c/${h.f.ids.B}/catalogue/${floristKey}`)).status).toBe(404);
    expect(
      (await b.post(`/c/${h.f.ids.B}/catalogue/${floristKey}/hire`, { task: "Roses" })).status,
    ).toBe(404);

    const details = await (await owner.get(`/c/${h.f.ids.A}/catalogue/${floristKey}`)).text();
    expect(details).toContain("Plan bouquets in the shop&#39;s style.");
    const hired = await owner.post(`/c/${h.f.ids.A}/catalogue/${floristKey}/hire`, {
      task: "Plan the wedding bouquets",
    });
    expect(hired.status).toBe(303);
    expect(hired.headers.get("location")).toBe(`/c/${h.f.ids.A}/approvals?done=requested`);
    const [approval] = await query<{
      kind: string;
      summary: string;
      payload: Record<string, unknown>;
    }>(
      "select kind, summary, payload from public.approvals where customer_id = $1 and payload->>'role' = $2",
      [h.f.ids.A, floristKey],
    );
    expect(approval?.kind).toBe("deploy_employee");
    expect(approval?.summary).toBe(
      "Deploy a Florist Assistant: Plan the wedding bouquets (budget up to $1.00, plus $0.75 for the role)",
    );
    expect(approval?.payload).toMatchObject({
      task: "Plan the wedding bouquets",
      priceMicros: 750_000,
    });
    const approvals = await (await owner.get(`/c/${h.f.ids.A}/approvals?done=requested`)).text();
    // The page shows the product's card for it: who, what, the budget and the role's price.
    expect(approvals).toContain(
      "A new Florist Assistant will do this for you: Plan the wedding bouquets",
    );
    expect(approvals).toContain("This role also costs $0.75 per task.");

    // A viewer reads but cannot hire; an empty task is a 422 with its reason, writing nothing.
    const viewer = await h.as("customerViewer");
    expect((await viewer.get(`/c/${h.f.ids.A}/catalogue/${floristKey}`)).status).toBe(200);
    expect(
      (await viewer.post(`/c/${h.f.ids.A}/catalogue/${floristKey}/hire`, { task: "x" })).status,
    ).toBe(403);
    const empty = await owner.post(`/c/${h.f.ids.A}/catalogue/${floristKey}/hire`, { task: " " });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain("Say what the employee should do");
  });

  it("a plan too small for a role is told which plan it needs", async () => {
    const owner = await h.as("customerOwner");
    const res = await owner.post(`/c/${h.f.ids.A}/catalogue/competitor_price_tracker/hire`, {
      task: "Track the price of sourdough at two bakeries",
    });
    // Seeded customers are on the free plan; the price tracker comes with Pro.
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("comes with the Pro plan");
  });

  it("an employee's notes: shown on its page, edited and deleted by members, not viewers or others; no secrets", async () => {
    const employee = h.f.refs.A.employee;
    const page = `/c/${h.f.ids.A}/employees/${employee}`;
    const [note] = await query<{ id: string }>(
      "select id from public.employee_notes where employee_id = $1",
      [employee],
    );
    const member = await h.as("customerMember");
    expect(await (await member.get(page)).text()).toContain("The hours form is under Settings");

    const viewer = await h.as("customerViewer");
    expect((await viewer.post(`${page}/notes/${note!.id}/delete`)).status).toBe(403);
    const b = await h.as({ userId: h.f.residents.B });
    expect(
      (await b.post(`/c/${h.f.ids.B}/employees/${employee}/notes/${note!.id}/delete`)).status,
    ).toBe(404);

    const secret = await member.post(`${page}/notes/${note!.id}`, {
      body: "Admin login: password is s3cr3t-Pa55!",
    });
    expect(secret.status).toBe(422);
    expect(await secret.text()).toContain("Notes cannot hold passwords");
    expect(
      (await member.post(`${page}/notes/${note!.id}`, { body: "Hours: Settings → Hours" })).status,
    ).toBe(303);
    expect(await (await member.get(page)).text()).toContain("Hours: Settings → Hours");

    expect((await member.post(`${page}/notes/${note!.id}/delete`)).status).toBe(303);
    expect(await query("select id from public.employee_notes where id = $1", [note!.id])).toEqual(
      [],
    );
    expect(await (await member.get(page)).text()).toContain("No notes yet");
  });
});
