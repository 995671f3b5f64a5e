import type { ResponseParameters } from "grammy/types";
import type { CallRecord } from "./call-record.ts";
import type { BotState, SandboxCore } from "./core.ts";
import { BotApiError } from "./errors.ts";
import type { FailureInjector } from "./failure-injection.ts";
import { createMethodContext, METHODS } from "./methods/index.ts";
import { Params } from "./params.ts";

/** A Bot API answer body. */
export type BotApiResponse =
  | { ok: true; result: unknown; description?: string }
  | { ok: false; error_code: number; description: string; parameters?: ResponseParameters };

/** A Bot API answer: HTTP status plus body. */
export type DispatchResult = { status: number; body: BotApiResponse };

/** Extra delay before answering, in ms: fixed or per method. */
export type Latency = number | ((method: string) => number);

/** Runs Bot API calls: auth, latency, injected failures, the method, the call record. */
export type Dispatcher = {
  call(
    token: string,
    method: string,
    params: Params,
    signal?: AbortSignal,
  ): Promise<DispatchResult>;
};

/** Creates the dispatcher shared by the HTTP routes and webhook answers. */
export function createDispatcher({
  core,
  calls,
  failures,
  latency,
}: {
  core: SandboxCore;
  calls: CallRecord;
  failures: FailureInjector;
  latency: () => Latency;
}): Dispatcher {
  const call = async (
    token: string,
    method: string,
    params: Params,
    signal?: AbortSignal,
  ): Promise<DispatchResult> => {
    const bot = core.botByToken(token);
    let sentTo: number | undefined;
    let result: DispatchResult;
    try {
      if (!bot) throw new BotApiError(401, "Unauthorized");
      const handler = METHODS.get(method.toLowerCase());
      if (!handler) throw new BotApiError(404, "Not Found");
      const delay = latency();
      const ms = typeof delay === "function" ? delay(method) : delay;
      if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
      const injected = failures.take(method, token);
      if (injected) throw injected;
      const context = createMethodContext({
        core,
        bot,
        params,
        signal,
        callAsBot: (name, fields) => callAsBot(bot, name, fields),
      });
      const value = await handler(context);
      sentTo = context.sentTo;
      result = {
        status: 200,
        body: {
          ok: true,
          result: value,
          ...(context.description ? { description: context.description } : {}),
        },
      };
    } catch (error) {
      result = failure(error);
    }
    const { body } = result;
    calls.add(
      {
        method,
        token,
        botId: bot?.account.id,
        params: params.toRecord(),
        status: result.status,
        at: core.now(),
        ...(body.ok ? {} : { description: body.description }),
        ...(!body.ok && body.parameters?.retry_after !== undefined
          ? { retryAfter: body.parameters.retry_after }
          : {}),
      },
      sentTo === undefined ? undefined : { chatId: sentTo },
    );
    return result;
  };

  const callAsBot = (bot: BotState, method: string, fields: Record<string, unknown>) => {
    void call(bot.account.token, method, new Params(fields));
  };

  return { call };
}

function failure(error: unknown): DispatchResult {
  if (error instanceof BotApiError) {
    return {
      status: error.error_code,
      body: {
        ok: false,
        error_code: error.error_code,
        description: error.description,
        ...(error.parameters ? { parameters: error.parameters } : {}),
      },
    };
  }
  // A sandbox bug, not a Telegram answer: say what broke so the test shows it.
  const message = error instanceof Error ? error.message : String(error);
  return {
    status: 500,
    body: { ok: false, error_code: 500, description: `Internal Server Error: ${message}` },
  };
}
