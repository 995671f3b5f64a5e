/**
 * The product for the webhook row: what `main.ts all` does (configuration
 * from the environment, `startMouse`, one shutdown path), with the queue
 * names prefixed by BENCH_NAMESPACE, so a run on a shared Redis neither meets
 * an earlier run's jobs (update ids restart at 1 every run, and BullMQ keeps
 * a job id it has seen) nor leaves schedulers behind for the real product.
 */
import { createConfig } from "../../config/index.ts";
import { startMouse } from "../../runtime/index.ts";

const mouse = await startMouse({
  role: (process.env.BENCH_ROLE ?? "all") as "all" | "web",
  config: createConfig(process.env),
  namespace: process.env.BENCH_NAMESPACE ?? "",
});
const stop = () => void mouse.shutdown("signal").then(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
await mouse.ready;
