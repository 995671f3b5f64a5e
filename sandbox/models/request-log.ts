import type { FaultKind } from "./faults.ts";
import type { ReplyBlock } from "./reply.ts";
import type { NormalizedRequest } from "./types.ts";

/** Which endpoint a logged call hit. */
export type Endpoint =
  | "anthropic.messages"
  | "anthropic.count_tokens"
  | "openai.chat"
  | "openai.responses";

/** One call as the sandbox saw it. */
export type RequestLogEntry = {
  seq: number;
  at: number;
  endpoint: Endpoint;
  status: number;
  model?: string;
  stream: boolean;
  /** Names of the tools offered (computer tools by their form, e.g. `computer_20251124`). */
  tools: string[];
  images: number;
  messages: number;
  usage?: { input: number; output: number; cacheRead: number; cacheCreation: number };
  /** Tool calls and computer actions the model emitted. */
  calls: string[];
  stopReason?: string;
  fault?: FaultKind;
  error?: string;
};

/** Running totals over every call since the last `clear()`. */
export type RequestCounters = {
  requests: number;
  errors: number;
  byEndpoint: Partial<Record<Endpoint, number>>;
  byStatus: Record<number, number>;
  faults: Partial<Record<FaultKind, number>>;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  images: number;
};

/** Inspection API of a sandbox. */
export type RequestLog = {
  /** Most recent calls, oldest first (bounded). */
  entries(): readonly RequestLogEntry[];
  counters(): RequestCounters;
  clear(): void;
  record(entry: Omit<RequestLogEntry, "seq" | "at">): void;
};

/** Creates a log keeping the last `limit` entries and totals over all. */
export function createRequestLog({
  now,
  limit = 1000,
}: {
  now: () => number;
  limit?: number;
}): RequestLog {
  let entries: RequestLogEntry[] = [];
  let seq = 0;
  let counters = emptyCounters();

  return {
    entries: () => entries,
    counters: () => structuredClone(counters),
    clear() {
      entries = [];
      counters = emptyCounters();
    },
    record(entry) {
      seq += 1;
      entries.push({ seq, at: now(), ...entry });
      if (entries.length > limit) entries = entries.slice(-limit);
      counters.requests += 1;
      if (entry.status >= 400 || entry.fault) counters.errors += 1;
      counters.byEndpoint[entry.endpoint] = (counters.byEndpoint[entry.endpoint] ?? 0) + 1;
      counters.byStatus[entry.status] = (counters.byStatus[entry.status] ?? 0) + 1;
      if (entry.fault) counters.faults[entry.fault] = (counters.faults[entry.fault] ?? 0) + 1;
      counters.images += entry.images;
      if (entry.usage) {
        counters.inputTokens += entry.usage.input;
        counters.outputTokens += entry.usage.output;
        counters.cacheReadTokens += entry.usage.cacheRead;
        counters.cacheCreationTokens += entry.usage.cacheCreation;
      }
    },
  };
}

function emptyCounters(): RequestCounters {
  return {
    requests: 0,
    errors: 0,
    byEndpoint: {},
    byStatus: {},
    faults: {},
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheCreationTokens: 0,
    images: 0,
  };
}

/** The request-side fields of a log entry. */
export function describeRequest(
  request: NormalizedRequest,
): Pick<RequestLogEntry, "model" | "tools" | "images" | "messages"> {
  let images = 0;
  for (const message of request.messages) {
    for (const part of message.parts) {
      if (part.type === "image") images += 1;
      if (part.type === "tool_result") images += part.images.length;
    }
  }
  return {
    model: request.model,
    tools: request.tools.map((t) => (t.kind === "function" ? t.name : t.form)),
    images,
    messages: request.messages.length,
  };
}

/** Names of the calls in a reply, computer actions as `computer:<action>`. */
export function describeCalls(blocks: readonly ReplyBlock[]): string[] {
  return blocks.flatMap((b) =>
    b.type === "tool_call"
      ? [b.name]
      : b.type === "computer"
        ? [`computer:${b.action.action}`]
        : [],
  );
}
