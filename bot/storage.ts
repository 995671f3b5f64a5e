import type {
  ConversationContextStorage,
  VersionedState,
  VersionedStateStorage,
} from "@grammyjs/conversations";
import type { Context } from "grammy";
import type { Data } from "../db/index.ts";
import { jsonWithoutNul } from "../lib/text.ts";

/**
 * grammY storage adapter over `bot_state`: conversation state lives in
 * Postgres, so an onboarding survives restarts and several web processes.
 */
export function createPostgresStorage<S>(
  data: Data,
  prefix = "conv",
): VersionedStateStorage<string, S> {
  const key = (k: string) => `${prefix}:${k}`;
  return {
    read: async (k) => {
      const { rows } = await data.statementAsService<{ value: VersionedState<S> }>(
        "bot: read conversation state",
        "select value from public.bot_state where key = $1",
        [key(k)],
      );
      return rows[0]?.value;
    },
    write: (k, state) =>
      data.asService("bot: write conversation state", async (tx) => {
        await tx.query(
          `insert into public.bot_state (key, value, updated_at) values ($1, $2, now())
           on conflict (key) do update set value = excluded.value, updated_at = now()`,
          // The replay log holds Bot API answers too (a chat's names): no NUL may reach jsonb.
          [key(k), jsonWithoutNul(state)],
        );
      }),
    delete: (k) =>
      data.asService("bot: delete conversation state", async (tx) => {
        await tx.query("delete from public.bot_state where key = $1", [key(k)]);
      }),
  };
}

/** The `bot_state` key of a chat's conversations (what the plugin's default key storage used). */
export const conversationKey = (chatId: number | string) => `conv:${chatId}`;

/**
 * A chat's conversation state read ahead of the conversations plugin, in the
 * query that identifies the sender, so an update costs one read, not two.
 */
export type PrefetchedConversation = { key: string; value: VersionedState<unknown> | undefined };
export type PrefetchFlavor = { prefetchedConversation?: PrefetchedConversation };

/**
 * The conversations plugin's storage: `bot_state` by chat, taking the state
 * `identify` already read for this update when there is one (updates of a
 * chat run one at a time, so nothing of that chat changed it since), and
 * reading it otherwise.
 */
export function createConversationStorage<C extends Context & PrefetchFlavor, S>(
  data: Data,
): ConversationContextStorage<C, S> {
  const byKey = createPostgresStorage<S>(data, "conv");
  const chatOf = (ctx: C) => (ctx.chatId === undefined ? undefined : String(ctx.chatId));
  return {
    type: "context",
    version: 1,
    adapter: {
      read: (ctx) => {
        const chat = chatOf(ctx);
        if (chat === undefined) return undefined;
        const prefetched = ctx.prefetchedConversation;
        // Used once: a second read in the same update goes to the database.
        ctx.prefetchedConversation = undefined;
        if (prefetched?.key === conversationKey(chat))
          return prefetched.value as VersionedState<S> | undefined;
        return byKey.read(chat);
      },
      write: (ctx, state) => {
        const chat = chatOf(ctx);
        return chat === undefined ? undefined : byKey.write(chat, state);
      },
      delete: (ctx) => {
        const chat = chatOf(ctx);
        return chat === undefined ? undefined : byKey.delete(chat);
      },
    },
  };
}
