import Anthropic from "@anthropic-ai/sdk";
import { fromAnthropic, toAnthropic } from "./anthropic-wire.ts";
import { classifyModelError, ModelCallError } from "./errors.ts";
import type { ModelProvider, ProviderOptions } from "./types.ts";

/**
 * Anthropic's Messages API behind the common interface. The SDK's own retries
 * are off (`maxRetries: 0`): retry and failover belong to `createFailover`,
 * where they are visible and testable.
 */
export function createAnthropicProvider({
  apiKey,
  baseURL,
  model,
  timeoutMs = 60_000,
  maxTokens = 1024,
}: ProviderOptions): ModelProvider {
  const client = new Anthropic({ apiKey, baseURL, maxRetries: 0, timeout: timeoutMs });
  return {
    name: "anthropic",
    model,
    async complete(request, { signal } = {}) {
      try {
        const message = await client.messages.create(
          { model, max_tokens: request.maxTokens ?? maxTokens, ...toAnthropic(request) },
          { signal },
        );
        return fromAnthropic(message);
      } catch (error) {
        throw new ModelCallError("anthropic", classifyModelError(error), { cause: error });
      }
    },
  };
}
