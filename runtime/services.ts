/**
 * Builds the clients for the outside services from the configuration: the
 * real service with its key, or the in-process sandbox by base URL. Only this
 * file knows which is which; everything downstream gets a client.
 */
import type Stripe from "stripe";
import {
  type ComputerModel,
  createAnthropicComputerProvider,
  createComputerModel,
  createOpenAIComputerProvider,
} from "../agents/knights/index.ts";
import {
  createAnthropicProvider,
  createModelRouter,
  createOpenAIProvider,
  type ModelRouter,
} from "../agents/models/index.ts";
import { createOrgoClient, type OrgoClient } from "../agents/orgo/index.ts";
import { createStripeClient } from "../billing/index.ts";
import type { Config } from "../config/index.ts";
import { SANDBOX, type Sandboxes } from "../sandbox/index.ts";

export type Services = {
  telegram: { token: string; apiRoot?: string; botUsername?: string };
  models: ModelRouter;
  computer: ComputerModel;
  orgo: OrgoClient;
  stripe: Stripe;
  stripeWebhookSecret: string | undefined;
};

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} sandbox was not started`);
  return value;
}

/** Creates every outside-service client for this process. */
export function createServices(config: Config, sandboxes: Sandboxes): Services {
  const anthropic =
    config.anthropic.mode === "real"
      ? {
          apiKey: config.anthropic.apiKey,
          baseURL: config.anthropic.baseUrl,
          model: config.anthropic.model,
        }
      : {
          apiKey: SANDBOX.anthropicApiKey,
          baseURL: need(sandboxes.models, "model").anthropicBaseURL,
          model: config.anthropic.model,
        };
  const openai =
    config.openai.mode === "real"
      ? { apiKey: config.openai.apiKey, baseURL: config.openai.baseUrl, model: config.openai.model }
      : {
          apiKey: SANDBOX.openaiApiKey,
          baseURL: need(sandboxes.models, "model").openaiBaseURL,
          model: config.openai.model,
        };
  const stripe =
    config.stripe.mode === "real"
      ? createStripeClient({
          secretKey: config.stripe.secretKey,
          ...(config.stripe.apiBase ? { apiBase: config.stripe.apiBase } : {}),
        })
      : createStripeClient({
          secretKey: SANDBOX.stripeSecretKey,
          apiBase: need(sandboxes.stripe, "stripe").url,
          maxNetworkRetries: 0,
        });
  const orgo =
    config.orgo.mode === "real"
      ? createOrgoClient({
          apiKey: config.orgo.apiKey,
          baseUrl: config.orgo.baseUrl,
          ...(config.orgo.workspaceId ? { workspaceId: config.orgo.workspaceId } : {}),
        })
      : createOrgoClient({
          apiKey: SANDBOX.orgoApiKey,
          baseUrl: need(sandboxes.orgo, "orgo").baseUrl,
          workspaceId: SANDBOX.orgoWorkspaceId,
        });
  const clean = <T extends { baseURL: string | undefined }>(o: T) =>
    o.baseURL === undefined ? (({ baseURL: _, ...rest }) => rest)(o) : o;
  return {
    telegram:
      config.telegram.bot.mode === "real"
        ? {
            token: config.telegram.bot.token,
            ...(config.telegram.bot.apiRoot ? { apiRoot: config.telegram.bot.apiRoot } : {}),
            ...(config.telegram.bot.username ? { botUsername: config.telegram.bot.username } : {}),
          }
        : {
            token: SANDBOX.telegramBot.token,
            apiRoot: need(sandboxes.telegram, "telegram").apiRoot,
            botUsername: SANDBOX.telegramBot.username,
          },
    models: createModelRouter({
      providers: [createAnthropicProvider(clean(anthropic)), createOpenAIProvider(clean(openai))],
    }),
    computer: createComputerModel({
      providers: [
        createAnthropicComputerProvider(clean(anthropic)),
        createOpenAIComputerProvider(clean(openai)),
      ],
    }),
    orgo,
    stripe,
    stripeWebhookSecret:
      config.stripe.mode === "real" ? config.stripe.webhookSecret : sandboxes.stripeWebhookSecret,
  };
}
