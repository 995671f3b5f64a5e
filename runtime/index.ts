export { createShutdown, type Shutdown } from "./shutdown.ts";
export { type Mouse, type Role, type StartOptions, startMouse } from "./start.ts";
export { startWorkers, type WorkerDeps, type WorkerTuning } from "./workers.ts";
