/**
 * Model prices, micro-dollars per million tokens. Cost arithmetic is integer:
 * cost = ceil(tokens × price / 1e6), summed per token class.
 */
export type ModelPrice = { input: number; output: number; cacheRead: number; cacheWrite: number };

export const MODEL_PRICES: Record<string, ModelPrice> = {
  "claude-sonnet-4-6": {
    input: 3_000_000,
    output: 15_000_000,
    cacheRead: 300_000,
    cacheWrite: 3_750_000,
  },
  "claude-opus-4-5": {
    input: 5_000_000,
    output: 25_000_000,
    cacheRead: 500_000,
    cacheWrite: 6_250_000,
  },
  "claude-haiku-4-5": {
    input: 1_000_000,
    output: 5_000_000,
    cacheRead: 100_000,
    cacheWrite: 1_250_000,
  },
  "gpt-5.1": { input: 1_250_000, output: 10_000_000, cacheRead: 125_000, cacheWrite: 1_250_000 },
  "gpt-5-mini": { input: 250_000, output: 2_000_000, cacheRead: 25_000, cacheWrite: 250_000 },
};

/** Price used for a model missing from the table: the most expensive known, so caps stay safe. */
const FALLBACK_PRICE: ModelPrice = {
  input: 5_000_000,
  output: 25_000_000,
  cacheRead: 500_000,
  cacheWrite: 6_250_000,
};

export type TokenUsage = { input: number; output: number; cacheRead?: number; cacheWrite?: number };

/** The cost of one model call in micro-dollars. */
export function modelCostMicros(model: string, usage: TokenUsage, prices = MODEL_PRICES): number {
  const p = prices[model] ?? FALLBACK_PRICE;
  const part = (tokens: number | undefined, price: number) =>
    Math.ceil(((tokens ?? 0) * price) / 1_000_000);
  return (
    part(usage.input, p.input) +
    part(usage.output, p.output) +
    part(usage.cacheRead, p.cacheRead) +
    part(usage.cacheWrite, p.cacheWrite)
  );
}

/** VM price per minute in micro-dollars (Orgo 4 GB / 1 CPU class). */
export const VM_MINUTE_MICROS = 1_000;

/**
 * Cost recorded per chat message (King Mouse's own model spend is recorded
 * separately as tokens); plans include a number of messages at this price.
 */
export const MESSAGE_MICROS = 1_000;
