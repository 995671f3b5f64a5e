import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";

/**
 * Why a model call failed, in the terms retry and failover decide on:
 * transient (`rate_limit`, `overloaded`, `server`, `timeout`, `network`),
 * ours (`bad_request`), configuration (`auth`), the caller gave up
 * (`aborted`), or anything else (`unknown`).
 */
export type ModelErrorKind =
  | "rate_limit"
  | "overloaded"
  | "server"
  | "timeout"
  | "network"
  | "bad_request"
  | "auth"
  | "aborted"
  | "unknown";

export type ModelErrorInfo = {
  kind: ModelErrorKind;
  status?: number;
  /** From `retry-after` / `retry-after-ms`, when the provider said how long to wait. */
  retryAfterMs?: number;
};

/** A failed call to one provider, classified. */
export class ModelCallError extends Error {
  override readonly name = "ModelCallError";
  readonly kind: ModelErrorKind;
  readonly provider: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(provider: string, info: ModelErrorInfo, options: { cause?: unknown } = {}) {
    const reason = options.cause instanceof Error ? `: ${options.cause.message}` : "";
    super(
      `${provider} call failed (${info.kind}${info.status ? ` ${info.status}` : ""})${reason}`,
      {
        cause: options.cause,
      },
    );
    this.kind = info.kind;
    this.provider = provider;
    this.status = info.status;
    this.retryAfterMs = info.retryAfterMs;
  }
}

type SdkApiError = { status?: number; headers?: Headers; type?: string | null; error?: unknown };

/**
 * Classifies an error thrown by `@anthropic-ai/sdk`, `openai`, `fetch` or a
 * `ModelCallError`. Status wins over class, because a gateway may answer with
 * a status the SDK has no class for; 529 (Anthropic) and 503 (OpenAI) both
 * mean "overloaded".
 */
export function classifyModelError(error: unknown): ModelErrorInfo {
  if (error instanceof ModelCallError) {
    return { kind: error.kind, status: error.status, retryAfterMs: error.retryAfterMs };
  }
  if (error instanceof Anthropic.APIUserAbortError || error instanceof OpenAI.APIUserAbortError) {
    return { kind: "aborted" };
  }
  if (
    error instanceof Anthropic.APIConnectionTimeoutError ||
    error instanceof OpenAI.APIConnectionTimeoutError
  ) {
    return { kind: "timeout" };
  }
  if (error instanceof Anthropic.APIConnectionError || error instanceof OpenAI.APIConnectionError) {
    return { kind: "network" };
  }
  if (error instanceof Anthropic.APIError || error instanceof OpenAI.APIError) {
    const api = error as SdkApiError;
    return {
      kind: kindOfStatus(api.status, bodyType(api)),
      status: api.status,
      retryAfterMs: retryAfter(api.headers),
    };
  }
  if (error instanceof Error) {
    if (error.name === "AbortError") return { kind: "aborted" };
    if (error.name === "TimeoutError") return { kind: "timeout" };
    const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown })?.code;
    if (typeof code === "string" && /^(ECONN|ENOTFOUND|EAI_|EPIPE|UND_ERR)/.test(code)) {
      return { kind: "network" };
    }
    if (error instanceof TypeError && /fetch failed/i.test(error.message))
      return { kind: "network" };
  }
  return { kind: "unknown" };
}

function bodyType(error: SdkApiError): string | undefined {
  if (typeof error.type === "string") return error.type;
  const inner = (error.error as { error?: { type?: unknown } } | undefined)?.error?.type;
  return typeof inner === "string" ? inner : undefined;
}

function kindOfStatus(status: number | undefined, type: string | undefined): ModelErrorKind {
  if (type === "overloaded_error" || status === 529 || status === 503) return "overloaded";
  if (status === 429 || type === "rate_limit_error") return "rate_limit";
  if (status === 401 || status === 402 || status === 403) return "auth";
  if (status === 408) return "timeout";
  if (status === 409 || (status !== undefined && status >= 500)) return "server";
  if (status !== undefined && status >= 400) return "bad_request";
  return "unknown";
}

function retryAfter(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get?.("retry-after-ms"));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const raw = headers?.get?.("retry-after");
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Errors worth another try on the same provider by default. */
export const RETRYABLE_KINDS: ReadonlySet<ModelErrorKind> = new Set([
  "rate_limit",
  "overloaded",
  "server",
  "network",
]);

/** Errors that say nothing about a provider's health (they do not trip its breaker). */
export const NOT_PROVIDER_FAULTS: ReadonlySet<ModelErrorKind> = new Set(["bad_request", "aborted"]);
