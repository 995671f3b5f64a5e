import type { Data } from "../../db/index.ts";
import type { Conversation } from "./memory.ts";

/**
 * The conversation's latest customer message when nothing replied to it (no
 * final model round, no notice): what a Retry button answers.
 */
export async function findUnanswered(
  data: Data,
  conversation: Conversation,
): Promise<{ messageId: string; text: string } | undefined> {
  return data.asService("brain: find unanswered message", async (tx) => {
    const { rows } = await tx.query<{
      id: string;
      text: string;
      answered: boolean;
    }>(
      `select m.id::text, m.content->>'text' as text,
              exists (select 1 from public.messages r
                       where r.conversation_id = m.conversation_id and r.id > m.id
                         and r.content->>'replyTo' = m.id::text
                         and (r.content->>'kind' = 'notice'
                              or (r.content->>'kind' = 'assistant' and (r.content->>'final')::boolean))) as answered
         from public.messages m
        where m.conversation_id = $1 and m.content->>'kind' = 'customer'
        order by m.id desc limit 1`,
      [conversation.id],
    );
    const row = rows[0];
    if (!row || row.answered) return undefined;
    return { messageId: row.id, text: row.text };
  });
}
