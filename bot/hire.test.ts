/**
 * /hire in Telegram: the customer's catalogue (the platform's roles and its
 * reseller's, not another reseller's) as inline buttons; a role's details
 * with its starter tasks; "/hire <what you need>" asking which role should do
 * it. Every hire is the usual approval card with Approve / Deny, recorded by
 * the same `requestHire` King Mouse and the dashboard call; a role the plan
 * does not include is refused with the plan it needs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogue } from "../i18n/index.ts";
import { publishRole } from "../roles/index.ts";
import { type BotHarness, databaseBackends, startBotHarness } from "../testing/index.ts";

describe.each(databaseBackends())("/hire (%s)", (backend) => {
  let h: BotHarness;
  let resellerId: string;
  beforeAll(async () => {
    h = await startBotHarness({
      backend,
      brain: { handleMessage: async () => ({ text: "King Mouse here." }) },
    });
    resellerId = await h.data.asService("test: a reseller with a role", async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        "insert into public.resellers (name) values ('Bloom Partners') returning id",
      );
      await publishRole(
        tx,
        { userId: null, resellerId: rows[0]!.id },
        {
          name: "Florist Assistant",
          pitch: "Plans bouquets and wedding flowers.",
          pickWhen: "flowers, bouquets",
          instructions: "Plan bouquets.",
          defaultBudgetMicros: 1_000_000,
          defaultMaxSteps: 20,
          priceMicros: 250_000,
          starterTasks: ["Plan Friday's bouquets"],
        },
      );
      return rows[0]!.id;
    });
  });
  afterAll(() => h?.close());

  const approvalsOf = async (customerId: string) =>
    (
      await h.db.pool.query<{ summary: string; role: string; task: string }>(
        "select summary, payload->>'role' as role, payload->>'task' as task from public.approvals where customer_id = $1 order by created_at",
        [customerId],
      )
    ).rows;

  it("shows the catalogue as buttons and hires a starter task or the customer's own request through an approval", async () => {
    const owner = await h.member(430_001, { role: "owner" });
    await h.db.pool.query("update public.customers set reseller_id = $1 where id = $2", [
      resellerId,
      owner.customerId,
    ]);
    const u = h.telegram.users.get(430_001);

    u.sendText("/hire");
    const list = await h.next(430_001, "employees you can hire");
    const labels = JSON.stringify(list.reply_markup);
    expect(labels).toContain("Florist Assistant");
    expect(labels).toContain("Review Responder");
    // The free plan: the price tracker is shown, locked.
    expect(labels).toContain("Competitor Price Tracker 🔒");

    u.pressButton(list, { text: "Florist Assistant" });
    const details = await h.next(430_001, "Plans bouquets and wedding flowers.");
    expect(details.text).toContain("$0.25 per task");
    u.pressButton(details, { text: "Plan Friday's bouquets" });
    const card = await h.next(430_001, "Deploy a Florist Assistant");
    expect(card.text).toBe(
      "Deploy a Florist Assistant: Plan Friday's bouquets (budget up to $1.00, plus $0.25 for the role)",
    );
    expect(JSON.stringify(card.reply_markup)).toContain(catalogue().t("en", "approval-approve"));

    u.sendText("/hire Make a flower list for the wedding on Saturday");
    const who = await h.next(430_001, "Who should do this?");
    u.pressButton(who, { text: "Florist Assistant" });
    await h.next(430_001, "Deploy a Florist Assistant: Make a flower list");
    const recorded = await approvalsOf(owner.customerId);
    expect(recorded.map((a) => a.task)).toEqual([
      "Plan Friday's bouquets",
      "Make a flower list for the wedding on Saturday",
    ]);
    // Both are the reseller's florist (no employee of it exists until one is approved).
    expect(new Set(recorded.map((a) => a.role)).size).toBe(1);
    expect(recorded[0]!.role).toMatch(/^r_[0-9a-f]{8}_florist_assistant$/);

    // A role the plan does not include: refused, nothing recorded.
    u.sendText("/hire Track sourdough prices at two bakeries");
    const again = await h.next(430_001, "Who should do this?");
    u.pressButton(again, { text: "Competitor Price Tracker 🔒" });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await approvalsOf(owner.customerId)).toHaveLength(2);
  });

  it("another reseller's customer does not see the role", async () => {
    await h.member(430_002, { role: "owner" });
    const u = h.telegram.users.get(430_002);
    u.sendText("/hire");
    const list = await h.next(430_002, "employees you can hire");
    expect(JSON.stringify(list.reply_markup)).not.toContain("Florist Assistant");
    expect(JSON.stringify(list.reply_markup)).toContain("Web Developer");
  });
});
