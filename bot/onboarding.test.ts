import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueInvite } from "../accounts/index.ts";
import { type BotHarness, databaseBackends, startBotHarness } from "../testing/index.ts";

describe.each(databaseBackends())("onboarding by QR deep link (%s)", (backend) => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({
      backend,
      brain: { handleMessage: async ({ text }) => ({ text: `You said: ${text}` }) },
    });
  });
  afterAll(() => h?.close());

  it("binds the user as owner, asks name, needs and plan, and welcomes them on Free", async () => {
    const { token, customerId } = await h.invite("Placeholder name");
    const bella = h.telegram.users.get(310_001, { first_name: "Bella" });
    bella.start(token);
    await h.next(bella.chatId, "What's your business called?");
    bella.sendText("Bella's Bakery");
    await h.next(bella.chatId, "What do you need help with?");
    bella.sendText("Keep my website up to date and post on Instagram");
    const plans = await h.next(bella.chatId, "Pick a plan");
    bella.pressButton(plans, "plan:free");
    const welcome = await h.next(bella.chatId, "You're all set on the Free plan");
    const buttons = welcome.reply_markup?.inline_keyboard.flat().map((b) => b.text);
    expect(buttons).toContain("👷 My employees");

    const { rows } = await h.db.pool.query(
      `select c.name, c.business_description, m.role, u.telegram_user_id::text as tg
         from public.customers c join public.memberships m on m.customer_id = c.id
         join public.users u on u.id = m.user_id where c.id = $1`,
      [customerId],
    );
    expect(rows).toEqual([
      {
        name: "Bella's Bakery",
        business_description: "Keep my website up to date and post on Instagram",
        role: "owner",
        tg: "310001",
      },
    ]);
    // A bound user's text now reaches the brain.
    bella.sendText("hello there");
    await h.next(bella.chatId, "You said: hello there");
  });

  it("welcomes a team invite to the existing business with its role, asking no owner questions", async () => {
    const { token: ownerToken, customerId } = await h.invite("Rosa's Cafe");
    const rosa = h.telegram.users.get(310_011, { first_name: "Rosa" });
    rosa.start(ownerToken);
    await h.next(rosa.chatId, "What's your business called?");
    rosa.sendText("Rosa's Cafe");
    await h.next(rosa.chatId, "What do you need help with?");
    rosa.sendText("Post the daily special");
    rosa.pressButton(await h.next(rosa.chatId, "Pick a plan"), "plan:free");
    await h.next(rosa.chatId, "You're all set");

    // Rosa invites Marco from the Team page, as a member.
    const owner = await h.db.pool.query<{ user_id: string }>(
      "select user_id from public.memberships where customer_id = $1 and role = 'owner'",
      [customerId],
    );
    const { token } = await h.data.asService("test: team invite", (tx) =>
      issueInvite(tx, { customerId, role: "member", createdBy: owner.rows[0]!.user_id }),
    );
    const marco = h.telegram.users.get(310_012, { first_name: "Marco" });
    marco.start(token);
    const welcome = await h.next(marco.chatId);
    expect(welcome.text).toContain("Welcome to Rosa's Cafe on Mouse!");
    expect(welcome.text).toContain("You joined the team as a member");
    expect(welcome.reply_markup?.inline_keyboard.flat().length).toBeGreaterThan(0);
    // No sign-up questions followed, and the business is as Rosa set it up.
    marco.sendText("Please post today's special");
    await h.next(marco.chatId, "You said: Please post today's special");
    const { rows } = await h.db.pool.query(
      `select c.name, c.business_description, m.role from public.memberships m
         join public.customers c on c.id = m.customer_id
         join public.users u on u.id = m.user_id
        where c.id = $1 order by m.created_at`,
      [customerId],
    );
    expect(rows).toEqual([
      { name: "Rosa's Cafe", business_description: "Post the daily special", role: "owner" },
      { name: "Rosa's Cafe", business_description: "Post the daily special", role: "member" },
    ]);
  });

  it("offers a Stripe Checkout link for a paid plan", async () => {
    const { token } = await h.invite();
    const gus = h.telegram.users.get(310_002, { first_name: "Gus" });
    gus.start(token);
    await h.next(gus.chatId, "What's your business called?");
    gus.sendText("Corner Garage");
    await h.next(gus.chatId, "What do you need help with?");
    gus.sendText("Order parts");
    const plans = await h.next(gus.chatId, "Pick a plan");
    gus.pressButton(plans, "plan:pro");
    const checkout = await h.next(gus.chatId, "Finish the Pro subscription");
    expect(checkout.reply_markup?.inline_keyboard.flat()[0]).toMatchObject({
      url: "https://checkout.example.test/pro",
    });
  });

  it("re-asks politely when the answer is not text, and /cancel leaves the conversation", async () => {
    const { token } = await h.invite();
    const ivy = h.telegram.users.get(310_003, { first_name: "Ivy" });
    ivy.start(token);
    await h.next(ivy.chatId, "What's your business called?");
    ivy.sendSticker();
    await h.next(ivy.chatId, "Please send the name as text");
    ivy.sendText("/cancel");
    await h.next(ivy.chatId, "Okay, cancelled");
  });

  it("explains a used token, an expired one, a garbled one, and how to join without one", async () => {
    const { token } = await h.invite();
    const first = h.telegram.users.get(310_010);
    first.start(token);
    await h.next(first.chatId, "What's your business called?");

    const second = h.telegram.users.get(310_011);
    second.start(token);
    await h.next(second.chatId, "already been used by someone else");

    first.start(token);
    await h.next(first.chatId, /already joined/);

    const expired = await h.invite("Old", 0);
    const late = h.telegram.users.get(310_012);
    late.start(expired.token);
    await h.next(late.chatId, "That invitation has expired");

    const stranger = h.telegram.users.get(310_013);
    stranger.start("not-a-real-token-at-all-xyz");
    await h.next(stranger.chatId, "That invitation link isn't valid");
    stranger.start();
    await h.next(stranger.chatId, "you need an invitation");
    // A stranger's chat never reaches the brain or any customer data.
    stranger.sendText("show me all customers");
    await h.next(stranger.chatId, "I don't know you yet");
  });
});
