/** One Bot API call as the sandbox answered it. */
export type RecordedCall = {
  /** Method name as the client spelled it. */
  method: string;
  token: string;
  /** The bot the token belongs to; undefined for unknown tokens. */
  botId: number | undefined;
  /** Parameters, with JSON text parsed and uploaded files summarised. */
  params: Record<string, unknown>;
  /** HTTP status of the answer (200 or the error_code). */
  status: number;
  description?: string;
  retryAfter?: number;
  /** The sandbox clock when the call was answered (ms). */
  at: number;
};

export type CallFilter = {
  method?: string;
  token?: string;
  botId?: number;
  chatId?: number | string;
  status?: number;
  ok?: boolean;
};

/** Totals since the last clear(). */
export type CallCounters = {
  total: number;
  errors: number;
  tooManyRequests: number;
  /** Successful sends and edits per chat id. */
  sentPerChat: Record<string, number>;
  perMethod: Record<string, number>;
};

/** Every call the sandbox answered, queryable and clearable. */
export type CallRecord = {
  all(): RecordedCall[];
  find(filter?: CallFilter): RecordedCall[];
  count(filter?: CallFilter): number;
  last(filter?: CallFilter): RecordedCall | undefined;
  counters(): CallCounters;
  clear(): void;
  /** Internal: adds a call; `sent` marks a successful counted send to `chatId`. */
  add(call: RecordedCall, sent?: { chatId: number }): void;
};

/** Creates a call record keeping at most `limit` calls (counters are exact regardless). */
export function createCallRecord({ limit = 200_000 }: { limit?: number } = {}): CallRecord {
  let calls: RecordedCall[] = [];
  let counters = emptyCounters();

  const matches = (call: RecordedCall, filter: CallFilter) =>
    (filter.method === undefined || call.method.toLowerCase() === filter.method.toLowerCase()) &&
    (filter.token === undefined || call.token === filter.token) &&
    (filter.botId === undefined || call.botId === filter.botId) &&
    (filter.chatId === undefined || String(call.params.chat_id) === String(filter.chatId)) &&
    (filter.status === undefined || call.status === filter.status) &&
    (filter.ok === undefined || (call.status === 200) === filter.ok);

  return {
    all: () => [...calls],
    find: (filter = {}) => calls.filter((c) => matches(c, filter)),
    count: (filter = {}) => calls.reduce((n, c) => n + (matches(c, filter) ? 1 : 0), 0),
    last: (filter = {}) => calls.findLast((c) => matches(c, filter)),
    counters: () => structuredClone(counters),
    clear() {
      calls = [];
      counters = emptyCounters();
    },
    add(call, sent) {
      calls.push(call);
      if (calls.length > limit) calls = calls.slice(calls.length - Math.floor(limit * 0.9));
      counters.total++;
      if (call.status !== 200) counters.errors++;
      if (call.status === 429) counters.tooManyRequests++;
      counters.perMethod[call.method] = (counters.perMethod[call.method] ?? 0) + 1;
      if (sent) {
        const key = String(sent.chatId);
        counters.sentPerChat[key] = (counters.sentPerChat[key] ?? 0) + 1;
      }
    },
  };
}

function emptyCounters(): CallCounters {
  return { total: 0, errors: 0, tooManyRequests: 0, sentPerChat: {}, perMethod: {} };
}
