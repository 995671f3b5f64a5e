import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotHarness, databaseBackends, startBotHarness } from "../testing/index.ts";

describe.each(databaseBackends())(
  "chat text with NUL and other control characters (%s)",
  (backend) => {
    let h: BotHarness;
    beforeAll(async () => {
      h = await startBotHarness({
        backend,
        brain: { handleMessage: async ({ text }) => ({ text: `You said: ${text}` }) },
      });
    });
    afterAll(() => h?.close());

    it("onboards a business whose name carries a NUL, storing it without", async () => {
      const { token, customerId } = await h.invite("Placeholder name");
      const nina = h.telegram.users.get(311_001, { first_name: "Nina\u0000" });
      nina.start(token);
      await h.next(nina.chatId, "What's your business called?");
      nina.sendText("Nina\u0000's\u0007 Noodles");
      await h.next(nina.chatId, "What do you need help with?");
      nina.sendText("Answer\u0000 the phone\u001b[31m");
      const plans = await h.next(nina.chatId, "Pick a plan");
      nina.pressButton(plans, "plan:free");
      await h.next(nina.chatId, "You're all set on the Free plan");
      const { rows } = await h.db.pool.query(
        "select name, business_description from public.customers where id = $1",
        [customerId],
      );
      expect(rows).toEqual([
        { name: "Nina's Noodles", business_description: "Answer the phone[31m" },
      ]);

      nina.sendText("hel\u0000lo\tthere");
      await h.next(nina.chatId, "You said: hello\tthere");
    });
  },
);
