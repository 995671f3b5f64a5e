/**
 * A one-time code a site sent the customer by SMS or e-mail, for a knight
 * that asked for it (`request_help`, reason `one_time_code`). Caught here,
 * ahead of the conversations, the brain and the ordinary answer path, so
 * the code is never stored in the conversation or sent to a model: the
 * knights seal it for that task (`relayCode`) and the message is deleted
 * from the chat at once. Anything else passes on untouched.
 */
import { Composer } from "grammy";
import type { MouseContext } from "../context.ts";
import type { KnightsPort } from "../ports.ts";

export function createOneTimeCodesFeature({
  relayCode,
}: {
  relayCode: NonNullable<KnightsPort["relayCode"]>;
}) {
  const composer = new Composer<MouseContext>();
  composer.chatType("private").on("message:text", async (ctx, next) => {
    const text = ctx.message.text;
    const { user, membership } = ctx.mouse;
    if (text.startsWith("/") || !user || !membership || ctx.message.forward_origin) return next();
    const outcome = await relayCode({ customerId: membership.customer_id, userId: user.id, text });
    if (outcome !== "relayed") return next();
    const deleted = await ctx.deleteMessage().then(
      () => true,
      (err) => {
        ctx.log.warn({ err }, "could not delete a message carrying a one-time code");
        return false;
      },
    );
    ctx.log.info({ deleted }, "relayed a one-time code to a knight");
    await ctx.reply(ctx.t(deleted ? "code-relayed" : "code-relayed-not-deleted"));
  });
  return composer;
}
