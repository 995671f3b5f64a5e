export { createLogger, type Logger, scrubText } from "./logger.ts";
export { createMetrics, type Metrics } from "./metrics.ts";
