import type { MiddlewareFn } from "grammy";
import { customerMemberships, findUserByTelegramId } from "../../accounts/index.ts";
import type { Data } from "../../db/index.ts";
import type { Logger } from "../../observability/index.ts";
import type { MouseContext } from "../context.ts";

/**
 * First middleware: a child logger tagged with the update id, and who is
 * talking (user row, the customer they act for, platform-admin status).
 * A stranger gets `user` undefined and reaches no customer data.
 */
export const identify =
  ({
    data,
    logger,
    adminIds,
  }: {
    data: Data;
    logger: Logger;
    adminIds: number[];
  }): MiddlewareFn<MouseContext> =>
  async (ctx, next) => {
    ctx.log = logger.child({ update_id: ctx.update.update_id });
    ctx.mouse = { isAdmin: false };
    const from = ctx.from;
    if (from && !from.is_bot) {
      const user = await findUserByTelegramId(data, from.id);
      if (user) {
        const memberships = await customerMemberships(data, user.id);
        ctx.mouse = {
          user,
          ...(memberships[0] ? { membership: memberships[0] } : {}),
          isAdmin: user.is_platform_admin,
        };
      }
      // ADMIN_TELEGRAM_IDS alone is not enough: the database must agree
      // (ensureAdmins marks them at start-up), so RLS and the bot never differ.
      if (adminIds.includes(from.id) && !ctx.mouse.user?.is_platform_admin)
        ctx.mouse.isAdmin = false;
    }
    await next();
  };
