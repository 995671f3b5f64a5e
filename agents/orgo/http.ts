/**
 * The one place Orgo calls go through: auth, timeouts, error classification
 * and the retry policy. Retries happen only where repeating cannot do
 * anything twice: reads (GET), 503 "Could not reach the desktop" and 429 (the
 * call was turned away before it reached the desktop), and refused
 * connections (nothing was sent). A click or a keystroke that timed out or
 * got a 500 is never repeated here; the error says `maybePerformed` and the
 * caller decides.
 */
import {
  errorForResponse,
  OrgoError,
  OrgoNetworkError,
  OrgoRateLimitError,
  OrgoTimeoutError,
  OrgoUnreachableError,
  OrgoUpstreamError,
} from "./errors.ts";

export type OrgoHttpOptions = {
  apiKey: string;
  /** Orgo's API base, e.g. `https://www.orgo.ai/api` (no trailing slash needed). */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Per-attempt timeout; default 30 s. */
  timeoutMs?: number;
  /** Waits between retries of 503s and retryable reads; default 1 s, 2 s, 4 s (as Orgo advises). */
  backoffMs?: readonly number[];
  /** How retries wait; injectable so tests need not sleep. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
};

export type OrgoRequest = {
  method: "GET" | "POST" | "DELETE" | "PATCH";
  path: string;
  body?: unknown;
  /** A multipart body (file uploads) instead of JSON; its boundary sets the content type. */
  form?: FormData;
  /** Changes a desktop (actions, power): failures after sending are flagged `maybePerformed`. */
  mutating?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
};

export type OrgoHttp = {
  request: <T>(request: OrgoRequest) => Promise<T>;
  /** GET an absolute URL (a screenshot in storage) with the same timeout and read retries, no API key. */
  download: (
    url: string,
    signal?: AbortSignal,
    timeoutMs?: number,
  ) => Promise<{ bytes: Buffer; contentType: string }>;
};

const DEFAULT_BACKOFF = [1_000, 2_000, 4_000] as const;
const MAX_RETRY_AFTER_MS = 30_000;

/** Creates the request function for one API key and base URL. */
export function createOrgoHttp(options: OrgoHttpOptions): OrgoHttp {
  const base = options.baseUrl.replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const backoff = options.backoffMs ?? DEFAULT_BACKOFF;
  const sleep = options.sleep ?? abortableSleep;

  async function attempt(
    url: string,
    init: RequestInit,
    meta: { method: string; path: string; mutating: boolean; timeoutMs: number },
    signal: AbortSignal | undefined,
  ): Promise<Response> {
    const timeout = AbortSignal.timeout(meta.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const response = await doFetch(url, { ...init, signal: combined });
      if (response.ok) return response;
      const body = await response.json().catch(() => undefined);
      const error = errorForResponse(response.status, body, {
        method: meta.method,
        path: meta.path,
        retryAfter: response.headers.get("retry-after"),
        maybePerformed: meta.mutating && response.status >= 500 && response.status !== 503,
      });
      throw error;
    } catch (error) {
      if (error instanceof OrgoError) throw error;
      // The caller gave up (a cancelled task, a shutdown): not Orgo's failure.
      if (signal?.aborted) throw signal.reason ?? error;
      if (timeout.aborted) {
        throw new OrgoTimeoutError(
          `Orgo ${meta.method} ${meta.path} gave no answer within ${meta.timeoutMs} ms`,
          { method: meta.method, path: meta.path, maybePerformed: meta.mutating, cause: error },
        );
      }
      const refused = causeCode(error) === "ECONNREFUSED";
      throw new OrgoNetworkError(
        `Orgo ${meta.method} ${meta.path} failed: ${(error as Error)?.message ?? error}`,
        {
          method: meta.method,
          path: meta.path,
          maybePerformed: meta.mutating && !refused,
          cause: error,
        },
      );
    }
  }

  /** Runs `once` until it succeeds or fails in a way that must not be retried. */
  async function withRetries<T>(
    once: () => Promise<T>,
    idempotent: boolean,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    for (let retry = 0; ; retry++) {
      try {
        return await once();
      } catch (error) {
        const wait = retryDelay(error, retry, idempotent);
        if (wait === undefined) throw error;
        await sleep(wait, signal);
      }
    }
  }

  function retryDelay(error: unknown, retry: number, idempotent: boolean): number | undefined {
    if (!(error instanceof OrgoError) || retry >= backoff.length) return undefined;
    const scheduled = backoff[retry]!;
    if (error instanceof OrgoRateLimitError)
      return Math.min(MAX_RETRY_AFTER_MS, error.retryAfterMs ?? scheduled);
    if (error instanceof OrgoUnreachableError) return scheduled;
    // Nothing was sent: safe whatever the call was.
    if (error instanceof OrgoNetworkError && !error.maybePerformed) return scheduled;
    const transient =
      error instanceof OrgoTimeoutError ||
      error instanceof OrgoNetworkError ||
      error instanceof OrgoUpstreamError;
    return idempotent && transient ? scheduled : undefined;
  }

  return {
    request<T>(request: OrgoRequest): Promise<T> {
      const { method, path, body, form, signal } = request;
      const meta = {
        method,
        path,
        mutating: request.mutating ?? false,
        timeoutMs: request.timeoutMs ?? timeoutMs,
      };
      const init: RequestInit = {
        method,
        headers: {
          Authorization: `Bearer ${options.apiKey}`,
          Accept: "application/json",
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(form ? { body: form } : {}),
      };
      return withRetries(
        async () => {
          const response = await attempt(`${base}${path}`, init, meta, signal);
          try {
            return (await response.json()) as T;
          } catch (cause) {
            throw new OrgoError(`Orgo ${method} ${path} answered with invalid JSON`, {
              status: response.status,
              method,
              path,
              cause,
            });
          }
        },
        method === "GET",
        signal,
      );
    },

    download(url, signal, downloadTimeoutMs = timeoutMs) {
      const meta = {
        method: "GET",
        path: new URL(url).pathname,
        mutating: false,
        timeoutMs: downloadTimeoutMs,
      };
      return withRetries(
        async () => {
          const response = await attempt(url, { method: "GET" }, meta, signal);
          return {
            bytes: Buffer.from(await response.arrayBuffer()),
            contentType: response.headers.get("content-type") ?? "",
          };
        },
        true,
        signal,
      );
    },
  };
}

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  return typeof cause?.code === "string" ? cause.code : undefined;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
