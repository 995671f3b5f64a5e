import type { ConversationFlavor } from "@grammyjs/conversations";
import type { I18nFlavor } from "@grammyjs/i18n";
import type { Context } from "grammy";
import type { MembershipRow, UserRow } from "../accounts/index.ts";
import type { Logger } from "../observability/index.ts";
import type { PrefetchFlavor } from "./storage.ts";

/** What the identify middleware learns about the sender of each update. */
export type Caller = {
  user?: UserRow;
  /** The customer this user acts for (their most recent membership), if any. */
  membership?: MembershipRow;
  isAdmin: boolean;
};

export type MouseFlavor = { mouse: Caller; log: Logger } & PrefetchFlavor & I18nFlavor;

/** The context every handler sees. */
export type MouseContext = ConversationFlavor<Context & MouseFlavor>;
/** The context inside conversations (no conversation controls, no `ctx.mouse` or `ctx.t` there). */
export type ConversationContext = Context;
