import type { ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "./env.ts";

/** The one error body every route answers with. */
export type ErrorBody = { error: { status: number; message: string; requestId?: string } };

/**
 * Turns any thrown error into a JSON answer: the HTTPException's own status and
 * message for expected failures, a bare 500 for everything else (the details
 * go to the log, never to the client).
 */
export const onError: ErrorHandler<AppEnv> = (error, c) => {
  const requestId = c.get("requestId");
  const log = c.get("logger");
  if (error instanceof HTTPException) {
    if (error.status >= 500) log?.error({ err: error.cause ?? error }, error.message);
    else log?.debug({ status: error.status, reason: error.message }, "request rejected");
    const res = error.getResponse();
    if (res.headers.get("content-type") && !error.message) return res;
    return c.json<ErrorBody>(
      { error: { status: error.status, message: error.message || "Request failed", requestId } },
      error.status as ContentfulStatusCode,
    );
  }
  log?.error({ err: error }, "unhandled error");
  return c.json<ErrorBody>({ error: { status: 500, message: "Internal error", requestId } }, 500);
};

/** 404 in the same shape as every other error. */
export const notFound: NotFoundHandler<AppEnv> = (c) =>
  c.json<ErrorBody>(
    { error: { status: 404, message: "Not found", requestId: c.get("requestId") } },
    404,
  );
