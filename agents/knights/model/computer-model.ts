import { createFailover, type FailoverOptions } from "../../models/index.ts";
import type { ComputerContext, ComputerModel, ComputerProvider, ComputerTurn } from "./types.ts";

export type ComputerModelOptions = Omit<
  FailoverOptions<ComputerContext, Omit<ComputerTurn, "ms">>,
  "targets"
> & {
  /** In order of preference: Anthropic first, OpenAI as the fallback. */
  providers: ComputerProvider[];
  now?: () => number;
};

/**
 * The knights' model: computer-use providers behind `agents/models`' retry,
 * failover and per-provider circuit breakers, so a knight keeps working when
 * its primary provider is overloaded.
 */
export function createComputerModel({
  providers,
  now = Date.now,
  ...options
}: ComputerModelOptions): ComputerModel {
  const failover = createFailover<ComputerContext, Omit<ComputerTurn, "ms">>({
    ...options,
    targets: providers.map((provider) => ({
      name: provider.name,
      call: (context, signal) => provider.decide(context, signal),
    })),
  });
  return {
    models: providers.map((p) => p.model),
    async decide(context, { signal } = {}) {
      const started = now();
      const { value } = await failover.call(context, { signal });
      return { ...value, ms: now() - started };
    },
  };
}
