import { z } from "zod";
import { formatMicros, periodUsage, planFor } from "../../../billing/index.ts";
import { defineTool } from "./types.ts";

/** This month's usage against the plan, the budget, and the credit balance. */
export const checkUsage = defineTool({
  name: "check_usage",
  description:
    "This month's usage (messages, AI spend, computer minutes) against the plan's allowance, the monthly budget, and the credit balance.",
  input: z.object({}),
  async run(tx, _args, ctx) {
    const { rows } = await tx.query<{ plan: string; budget: string | null; credits: string }>(
      `select c.plan, c.monthly_budget_micros::text as budget,
              (select coalesce(sum(amount_micros), 0) from public.credit_ledger l
                where l.customer_id = c.id)::text as credits
         from public.customers c where c.id = $1`,
      [ctx.customerId],
    );
    const row = rows[0];
    if (!row) return { isError: true, content: "Usage is not available for this account." };
    const plan = planFor(row.plan);
    const used = await periodUsage(tx, ctx.customerId);
    const budget = row.budget === null ? plan.defaultBudgetMicros : Number(row.budget);
    return {
      content: [
        `Plan: ${plan.name} (${plan.priceMicros === 0 ? "free" : `${formatMicros(plan.priceMicros)}/month`}).`,
        `This month: ${used.messages} of ${plan.includedMessages} messages; AI ${formatMicros(used.aiMicros)} of ${formatMicros(plan.includedAiMicros)} included; computer time ${used.vmMinutes} of ${plan.includedVmMinutes} minutes.`,
        `Total spend ${formatMicros(used.totalMicros)} of a ${formatMicros(budget)} monthly budget.`,
        `Credit balance: ${formatMicros(row.credits)}.`,
      ].join("\n"),
    };
  },
});
