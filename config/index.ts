export { resolveAppSecret } from "./app-secret.ts";
export {
  type Config,
  ConfigError,
  createConfig,
  redactUrl,
  type Service,
  sandboxedServices,
} from "./config.ts";
