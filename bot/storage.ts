import type { VersionedState, VersionedStateStorage } from "@grammyjs/conversations";
import type { Data } from "../db/index.ts";

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
    read: (k) =>
      data.asService("bot: read conversation state", async (tx) => {
        const { rows } = await tx.query<{ value: VersionedState<S> }>(
          "select value from public.bot_state where key = $1",
          [key(k)],
        );
        return rows[0]?.value;
      }),
    write: (k, state) =>
      data.asService("bot: write conversation state", async (tx) => {
        await tx.query(
          `insert into public.bot_state (key, value, updated_at) values ($1, $2, now())
           on conflict (key) do update set value = excluded.value, updated_at = now()`,
          [key(k), JSON.stringify(state)],
        );
      }),
    delete: (k) =>
      data.asService("bot: delete conversation state", async (tx) => {
        await tx.query("delete from public.bot_state where key = $1", [key(k)]);
      }),
  };
}
