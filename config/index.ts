export { resolveAppSecret } from "./app-secret.ts";
export {
  type Config,
  ConfigError,
  createConfig,
  redactUrl,
  SANDBOX_STRIPE_WEBHOOK_SECRET,
  type SandboxService,
  type Service,
  sandboxedServices,
} from "./config.ts";
