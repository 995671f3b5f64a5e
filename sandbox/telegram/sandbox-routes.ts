import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import type { TelegramSandboxApi } from "./create-sandbox.ts";
import { UserActionError, WaitTimeoutError } from "./errors.ts";

const botQuery = z.object({ bot: z.string().optional() });
const chatParam = z.object({ chatId: z.coerce.number().int() });
const profile = {
  first_name: z.string().min(1).optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
};
const sendBody = z.object({
  text: z.string().min(1),
  user_id: z.number().int().positive().optional(),
  reply_to: z.number().int().positive().optional(),
  ...profile,
});
const pressBody = z
  .object({
    message_id: z.number().int().positive(),
    data: z.string().optional(),
    text: z.string().optional(),
    user_id: z.number().int().positive().optional(),
  })
  .refine((body) => body.data !== undefined || body.text !== undefined, "data or text is required");
const userBody = z.object({ id: z.number().int().positive(), ...profile });

/**
 * JSON routes for a chat simulator page (mounted at /_sandbox): list chats,
 * read transcripts, type as a user, press buttons, wait for replies, and an
 * event stream of everything that happens.
 */
export function createSandboxRoutes(api: TelegramSandboxApi) {
  const app = new Hono();

  app.onError((error, c) => {
    if (error instanceof UserActionError) return c.json({ error: error.message }, 400);
    throw error;
  });

  app.get("/bots", (c) =>
    c.json(api.bots.map(({ id, username, first_name }) => ({ id, username, first_name }))),
  );

  app.post("/users", zValidator("json", userBody), zValidator("query", botQuery), (c) => {
    const { id, ...rest } = c.req.valid("json");
    const client = api.users.get(id, rest, { bot: c.req.valid("query").bot });
    return c.json({ user: client.user, chat_id: client.chatId }, 201);
  });

  app.get("/chats", zValidator("query", botQuery), (c) =>
    c.json(api.chats({ bot: c.req.valid("query").bot })),
  );

  app.get("/chats/:chatId", zValidator("param", chatParam), zValidator("query", botQuery), (c) => {
    const { chatId } = c.req.valid("param");
    const { bot } = c.req.valid("query");
    return c.json({
      ...api.chat(chatId, { bot }),
      chat_action: api.chatAction(chatId, { bot }) ?? null,
      commands: api.commandsFor({ chatId, bot }),
    });
  });

  app.post(
    "/chats/:chatId/send",
    zValidator("param", chatParam),
    zValidator("query", botQuery),
    zValidator("json", sendBody),
    (c) => {
      const { chatId } = c.req.valid("param");
      const { bot } = c.req.valid("query");
      const { text, user_id, reply_to, ...rest } = c.req.valid("json");
      const userId = user_id ?? (chatId > 0 ? chatId : undefined);
      if (userId === undefined) return c.json({ error: "user_id is required in group chats" }, 400);
      const user = api.users.get(userId, rest, { bot });
      const options = chatId === userId ? {} : { chatId };
      return c.json(
        user.sendText(text, { ...options, ...(reply_to ? { replyTo: reply_to } : {}) }),
        201,
      );
    },
  );

  app.post(
    "/chats/:chatId/press",
    zValidator("param", chatParam),
    zValidator("query", botQuery),
    zValidator("json", pressBody),
    (c) => {
      const { chatId } = c.req.valid("param");
      const { bot } = c.req.valid("query");
      const { message_id, data, text, user_id } = c.req.valid("json");
      const userId = user_id ?? (chatId > 0 ? chatId : undefined);
      if (userId === undefined) return c.json({ error: "user_id is required in group chats" }, 400);
      const user = api.users.get(userId, {}, { bot });
      const pressed = user.pressButton(
        message_id,
        data ?? { text: text ?? "" },
        chatId === userId ? {} : { chatId },
      );
      return c.json({ callback_query_id: pressed.callbackQueryId }, 201);
    },
  );

  app.get(
    "/chats/:chatId/wait",
    zValidator("param", chatParam),
    zValidator(
      "query",
      botQuery.extend({ timeout_ms: z.coerce.number().int().min(0).max(60_000).optional() }),
    ),
    async (c) => {
      const { chatId } = c.req.valid("param");
      const { bot, timeout_ms } = c.req.valid("query");
      try {
        return c.json(
          await api.waitForBotMessage(chatId, { bot, timeoutMs: timeout_ms ?? 25_000 }),
        );
      } catch (error) {
        if (error instanceof WaitTimeoutError) return c.body(null, 204);
        throw error;
      }
    },
  );

  app.get(
    "/commands",
    zValidator(
      "query",
      botQuery.extend({
        chat_id: z.coerce.number().int(),
        user_id: z.coerce.number().int().optional(),
        language_code: z.string().optional(),
      }),
    ),
    (c) => {
      const { bot, chat_id, user_id, language_code } = c.req.valid("query");
      return c.json(
        api.commandsFor({
          chatId: chat_id,
          bot,
          ...(user_id !== undefined ? { userId: user_id } : {}),
          ...(language_code ? { languageCode: language_code } : {}),
        }),
      );
    },
  );

  app.get(
    "/calls",
    zValidator(
      "query",
      z.object({
        method: z.string().optional(),
        limit: z.coerce.number().int().positive().optional(),
      }),
    ),
    (c) => {
      const { method, limit = 100 } = c.req.valid("query");
      return c.json({
        counters: api.calls.counters(),
        calls: api.calls.find(method ? { method } : {}).slice(-limit),
      });
    },
  );

  app.get("/webhook", zValidator("query", botQuery), (c) =>
    c.json(api.webhookInfo({ bot: c.req.valid("query").bot })),
  );

  app.get("/files/:fileId", (c) => {
    const file = api.files.get(c.req.param("fileId"));
    if (!file) return c.json({ error: "no such file" }, 404);
    // A copy: a Node Buffer's `.slice()` is a view, whose `.buffer` may be a shared pool.
    return c.body(new Uint8Array(file.bytes), 200, {
      "content-type": file.mime_type ?? "application/octet-stream",
      ...(file.file_name
        ? {
            "content-disposition": `attachment; filename="${file.file_name.replace(/[^\x20-\x7e]|"/g, "_")}"`,
          }
        : {}),
    });
  });

  app.get("/events", (c) =>
    streamSSE(c, async (stream) => {
      const unsubscribe = api.onEvent((event) => {
        void stream.writeSSE({
          event: event.kind,
          id: String(event.seq),
          data: JSON.stringify(event),
        });
      });
      // Tells the page it is subscribed, so nothing it triggers next goes unseen.
      await stream.writeSSE({ event: "ready", data: "{}" });
      await new Promise<void>((resolve) => stream.onAbort(resolve));
      unsubscribe();
    }),
  );

  return app;
}
