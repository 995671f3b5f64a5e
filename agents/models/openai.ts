import OpenAI from "openai";
import { classifyModelError, ModelCallError } from "./errors.ts";
import { fromOpenAIChat, toOpenAIChat } from "./openai-wire.ts";
import type { ModelProvider, ProviderOptions } from "./types.ts";

/**
 * OpenAI Chat Completions behind the common interface (the fallback). SDK
 * retries are off; see `createFailover`. `baseURL` includes `/v1`.
 */
export function createOpenAIProvider({
  apiKey,
  baseURL,
  model,
  timeoutMs = 60_000,
  maxTokens = 1024,
}: ProviderOptions): ModelProvider {
  const client = new OpenAI({ apiKey, baseURL, maxRetries: 0, timeout: timeoutMs });
  return {
    name: "openai",
    model,
    async complete(request, { signal } = {}) {
      try {
        const completion = await client.chat.completions.create(
          {
            model,
            max_completion_tokens: request.maxTokens ?? maxTokens,
            ...toOpenAIChat(request),
          },
          { signal },
        );
        return fromOpenAIChat(completion);
      } catch (error) {
        throw new ModelCallError("openai", classifyModelError(error), { cause: error });
      }
    },
  };
}
