import type { Logger } from "../observability/index.ts";

type Step = { name: string; run: () => Promise<unknown> };

/**
 * The process's one shutdown path. Parts register a close step as they start;
 * `shutdown()` runs them in reverse order (last started, first closed), once,
 * however many signals arrive. A step that fails is logged and the rest still run.
 */
export function createShutdown(logger: Logger) {
  const steps: Step[] = [];
  let running: Promise<void> | undefined;
  return {
    add(name: string, run: () => Promise<unknown>) {
      steps.push({ name, run });
    },
    shutdown(reason = "shutdown"): Promise<void> {
      running ??= (async () => {
        logger.info({ reason }, "shutting down");
        for (const step of [...steps].reverse()) {
          try {
            await step.run();
          } catch (err) {
            logger.error({ err, step: step.name }, "shutdown step failed");
          }
        }
        logger.info("stopped");
      })();
      return running;
    },
  };
}

export type Shutdown = ReturnType<typeof createShutdown>;
