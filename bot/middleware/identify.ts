import type { MiddlewareFn } from "grammy";
import type { MembershipRow, UserRow } from "../../accounts/index.ts";
import type { Data } from "../../db/index.ts";
import { coalesce } from "../../lib/index.ts";
import type { Logger } from "../../observability/index.ts";
import type { MouseContext } from "../context.ts";
import { conversationKey, type PrefetchedConversation } from "../storage.ts";

type Identity = {
  user: UserRow | null;
  membership: MembershipRow | null;
  conversation: PrefetchedConversation["value"] | null;
};

/**
 * Who is talking and what their chat is in the middle of, for every update
 * handled at the moment, in one statement: the user behind each Telegram id,
 * the customer they act for (their most recent membership: the same rows RLS
 * shows them, as it filters on their own user id) and the chat's
 * conversation state. Every update needs this, so it is one round trip per
 * batch of concurrent updates rather than a transaction per question.
 */
const IDENTIFY = `
  select (select json_build_object('id', u.id, 'telegram_user_id', u.telegram_user_id::text,
                                   'display_name', u.display_name,
                                   'is_platform_admin', u.is_platform_admin,
                                   'language', u.language, 'language_code', u.language_code)
            from public.users u where u.telegram_user_id = q.sender) as user,
         (select json_build_object('customer_id', c.id, 'customer_name', c.name,
                                   'customer_status', c.status, 'plan', c.plan, 'role', m.role)
            from public.users u
            join public.memberships m on m.user_id = u.id
            join public.customers c on c.id = m.customer_id
           where u.telegram_user_id = q.sender
           order by m.created_at desc limit 1) as membership,
         (select value from public.bot_state where key = q.chat_key) as conversation
    from unnest($1::bigint[], $2::text[]) with ordinality as q(sender, chat_key, n)
   order by q.n`;

type Lookup = { sender: number | null; chatKey: string | null };

/**
 * Looks identities up in batches: lookups made while a batch is in the
 * database go together in the next one, so a lone update waits for nothing.
 */
function createIdentityLoader(data: Data) {
  return coalesce<Lookup, Identity>(async (batch) => {
    const { rows } = await data.statementAsService<Identity>(
      "bot: identify telegram user",
      IDENTIFY,
      [batch.map((b) => b.input.sender), batch.map((b) => b.input.chatKey)],
      { name: "bot_identify" },
    );
    batch.forEach((b, i) => {
      b.resolve(rows[i]!);
    });
  });
}

/**
 * First middleware: a child logger tagged with the update id, and who is
 * talking (user row, the customer they act for, platform-admin status).
 * A stranger gets `user` undefined and reaches no customer data. The chat's
 * conversation state comes along for the conversations plugin's storage.
 */
export const identify = ({
  data,
  logger,
  adminIds,
}: {
  data: Data;
  logger: Logger;
  adminIds: number[];
}): MiddlewareFn<MouseContext> => {
  const load = createIdentityLoader(data);
  return async (ctx, next) => {
    ctx.log = logger.child({ update_id: ctx.update.update_id });
    ctx.mouse = { isAdmin: false };
    const from = ctx.from;
    const chatKey = ctx.chatId === undefined ? null : conversationKey(ctx.chatId);
    const sender = from && !from.is_bot ? from.id : null;
    if (sender === null && chatKey === null) return next();
    const { user, membership, conversation } = await load({ sender, chatKey });
    if (user) {
      ctx.mouse = {
        user,
        ...(membership ? { membership } : {}),
        isAdmin: user.is_platform_admin,
      };
    }
    // ADMIN_TELEGRAM_IDS alone is not enough: the database must agree
    // (ensureAdmins marks them at start-up), so RLS and the bot never differ.
    if (from && adminIds.includes(from.id) && !ctx.mouse.user?.is_platform_admin)
      ctx.mouse.isAdmin = false;
    if (chatKey !== null)
      ctx.prefetchedConversation = { key: chatKey, value: conversation ?? undefined };
    await next();
  };
};
