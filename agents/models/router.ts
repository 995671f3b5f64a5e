import { MODEL_PRICES, type ModelPrice, modelCostMicros } from "../../billing/index.ts";
import { createFailover, type FailoverOptions } from "./failover.ts";
import type { ModelProvider, ModelRequest, ModelResponse } from "./types.ts";

export type ModelRouterOptions = Omit<FailoverOptions<ModelRequest, ModelResponse>, "targets"> & {
  /** In order of preference: primary first. */
  providers: ModelProvider[];
};

/** Providers in order with retry, failover and a breaker each; answers like one provider. */
export type ModelRouter = {
  complete(request: ModelRequest, options?: { signal?: AbortSignal }): Promise<ModelResponse>;
  breakers: ReturnType<typeof createFailover<ModelRequest, ModelResponse>>["breakers"];
};

/**
 * The brain's way to call "a model": Anthropic first, OpenAI when Anthropic
 * keeps failing or its breaker is open. Throws `ModelUnavailableError` when
 * none answered, or the provider's `ModelCallError` for a bad request.
 */
export function createModelRouter({ providers, ...options }: ModelRouterOptions): ModelRouter {
  const failover = createFailover<ModelRequest, ModelResponse>({
    ...options,
    targets: providers.map((provider) => ({
      name: provider.name,
      call: (request, signal) => provider.complete(request, { signal }),
    })),
  });
  return {
    breakers: failover.breakers,
    async complete(request, callOptions) {
      return (await failover.call(request, callOptions)).value;
    },
  };
}

/** What a response cost, in micro-dollars, from the billing price table. */
export function responseCostMicros(
  response: Pick<ModelResponse, "model" | "usage">,
  prices: Record<string, ModelPrice> = MODEL_PRICES,
): number {
  return modelCostMicros(priceKey(response.model, prices), response.usage, prices);
}

/**
 * Providers answer with dated names ("claude-sonnet-4-6-20261001"); the table
 * lists the family. Unknown names stay as they are and get billing's
 * most-expensive fallback price, so a cap is never undercounted.
 */
function priceKey(model: string, prices: Record<string, ModelPrice>): string {
  if (prices[model]) return model;
  const family = Object.keys(prices)
    .filter((name) => model.startsWith(`${name}-`))
    .sort((a, b) => b.length - a.length)[0];
  return family ?? model;
}
