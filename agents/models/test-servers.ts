import { listen, type RunningServer } from "../../lib/http-server.ts";
import {
  type Brain,
  createAnthropicSandbox,
  createOpenAISandbox,
  type ModelSandbox,
} from "../../sandbox/models/index.ts";
import { createAnthropicProvider } from "./anthropic.ts";
import { createOpenAIProvider } from "./openai.ts";
import type { ModelProvider } from "./types.ts";

/** Both model sandboxes on their own ports, sharing one brain, with providers pointed at them. */
export type SandboxedModels = {
  anthropic: ModelSandbox;
  openai: ModelSandbox;
  providers: { anthropic: ModelProvider; openai: ModelProvider };
  /** An Anthropic provider on the same sandbox that gives up after `timeoutMs` (for timeout tests). */
  impatientAnthropic: (timeoutMs: number) => ModelProvider;
  close: () => Promise<void>;
};

/** Starts the Anthropic and OpenAI sandboxes (test helper; not part of the public API). */
export async function startSandboxedModels({
  brain,
  timeoutMs = 10_000,
  anthropicModel = "claude-sonnet-4-6",
  openaiModel = "gpt-5.1",
}: {
  brain?: Brain;
  timeoutMs?: number;
  anthropicModel?: string;
  openaiModel?: string;
} = {}): Promise<SandboxedModels> {
  const anthropic = createAnthropicSandbox({ brain, faults: { hangMs: 30_000 } });
  const openai = createOpenAISandbox({ brain, faults: { hangMs: 30_000 } });
  const servers: RunningServer[] = [await listen(anthropic.app), await listen(openai.app)];
  const anthropicProvider = (timeout: number) =>
    createAnthropicProvider({
      apiKey: "sk-ant-test",
      baseURL: servers[0]!.url,
      model: anthropicModel,
      timeoutMs: timeout,
    });
  return {
    anthropic,
    openai,
    providers: {
      anthropic: anthropicProvider(timeoutMs),
      openai: createOpenAIProvider({
        apiKey: "sk-openai-test",
        baseURL: `${servers[1]!.url}/v1`,
        model: openaiModel,
        timeoutMs,
      }),
    },
    impatientAnthropic: anthropicProvider,
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
