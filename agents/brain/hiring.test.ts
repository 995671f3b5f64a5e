/**
 * King Mouse hires from the catalogue in its prompt: ten ordinary requests a
 * small business sends, each turned by the sandbox model into a
 * deploy_employee call for the right catalogue role (read from the "pick
 * when" the product wrote into the prompt), and a reseller's own role
 * offered to that reseller's customers only.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { publishRole } from "../../roles/index.ts";
import { createScriptedBrain } from "../../sandbox/models/index.ts";
import { databaseBackends } from "../../testing/index.ts";
import { type Harness, resetModels, rows, startHarness } from "./test-support.ts";

const REQUESTS: [string, string][] = [
  ["Find me 3 cheaper flour suppliers near Leeds", "researcher"],
  ["Post our daily special on Instagram", "social_media_manager"],
  ["Update the opening hours on our website to 9-5", "web_developer"],
  ["Copy this week's orders into our spreadsheet", "ops_assistant"],
  [
    "Check what our competitors charge for sourdough and tell me when prices change",
    "competitor_price_tracker",
  ],
  ["Reply to the new Google reviews from last weekend", "review_responder"],
  ["Collect last month's invoices from the supplier portals", "bookkeeping_assistant"],
  ["Answer this morning's booking requests and put them in the calendar", "appointment_assistant"],
  ["Build us a landing page for the Christmas cakes", "web_developer"],
  ["Write a LinkedIn post about our new sourdough", "social_media_manager"],
  ["Research which espresso machines suit a small cafe", "researcher"],
];

describe.each(databaseBackends())("hiring through King Mouse on %s", (backend) => {
  let h: Harness;
  let chat = 5000;
  /** Every system prompt King Mouse's model was sent, by the customer it named. */
  const systems: string[] = [];
  beforeAll(async () => {
    const brain = createScriptedBrain({
      decide: (request) => {
        systems.push(request.system);
        return undefined;
      },
    });
    h = await startHarness(backend, { brain });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    resetModels(h);
    systems.length = 0;
    chat += 1;
  });
  const say = (text: string, who: { userId: string; customerId: string }) =>
    h.king.handleMessage({ ...who, chatId: chat, text });
  const roleOf = async (approvalId: string) =>
    (
      await rows<{ role: string }>(
        h,
        "select payload->>'role' as role from public.approvals where id = $1",
        [approvalId],
      )
    )[0]?.role;

  test.each(REQUESTS)("%s → %s", async (text, role) => {
    const reply = await say(text, { userId: h.tenants.a.owner, customerId: h.tenants.a.customer });
    expect(reply.approval, reply.text).toBeDefined();
    expect(await roleOf(reply.approval!.id)).toBe(role);
  });

  test("the prompt lists the catalogue with each role's pick-when, the same bytes every turn", async () => {
    await say("Post our daily special on Instagram", {
      userId: h.tenants.a.owner,
      customerId: h.tenants.a.customer,
    });
    await say("Find me cheaper flour suppliers", {
      userId: h.tenants.a.owner,
      customerId: h.tenants.a.customer,
    });
    const prompts = systems.filter((s) => s.includes("Employee roles you can deploy"));
    expect(prompts.length).toBeGreaterThanOrEqual(2);
    expect(new Set(prompts).size).toBe(1);
    expect(prompts[0]).toContain(
      "competitor_price_tracker (Competitor Price Tracker): Checks competitors' prices",
    );
    expect(prompts[0]).toContain("Pick when: customer reviews");
  });

  test("a reseller's role is hired by its own customers through King Mouse, and unknown to others", async () => {
    const [reseller] = await rows<{ id: string }>(
      h,
      "insert into public.resellers (name) values ('Bloom Partners') returning id",
    );
    await rows(h, "update public.customers set reseller_id = $1 where id = $2", [
      reseller!.id,
      h.tenants.b.customer,
    ]);
    await h.data.asService("test: the reseller publishes", (tx) =>
      publishRole(
        tx,
        { userId: null, resellerId: reseller!.id },
        {
          name: "Florist Assistant",
          pitch: "Plans bouquets and wedding flowers.",
          pickWhen: "flowers, bouquets, wedding decorations",
          instructions: "Plan bouquets.",
          defaultBudgetMicros: 1_000_000,
          defaultMaxSteps: 20,
          priceMicros: 500_000,
        },
      ),
    );
    const text = "Plan the bouquets for Saturday's wedding";
    const theirs = await say(text, { userId: h.tenants.b.owner, customerId: h.tenants.b.customer });
    expect(theirs.approval).toBeDefined();
    expect(await roleOf(theirs.approval!.id)).toMatch(/^r_[0-9a-f]{8}_florist_assistant$/);
    expect(theirs.approval!.summary).toContain("plus $0.50 for the role");

    expect(systems.some((s) => s.includes("Florist Assistant"))).toBe(true);
    systems.length = 0;
    const others = await say(text, { userId: h.tenants.a.owner, customerId: h.tenants.a.customer });
    expect(others.approval).toBeUndefined();
    expect(systems.length).toBeGreaterThan(0);
    expect(systems.join("")).not.toContain("Florist Assistant");
  });
});
