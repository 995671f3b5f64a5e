/**
 * How loaded a process's event loop was over a window: the share of the time
 * it was busy (event loop utilisation), the CPU it used, and how late timers
 * fired (the delay any callback waited behind others). Used to tell apart
 * queueing in the knights' worker from queueing in the sandboxes.
 */
import { monitorEventLoopDelay, performance } from "node:perf_hooks";

export type LoopLoad = {
  /** Share of the window the event loop was running callbacks (0..1). */
  busy: number;
  /** CPU milliseconds used in the window (all threads of the process). */
  cpuMs: number;
  delayMeanMs: number;
  delayP99Ms: number;
};

export function watchLoop() {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let elu = performance.eventLoopUtilization();
  let cpu = process.cpuUsage();
  return {
    reset() {
      delay.reset();
      elu = performance.eventLoopUtilization();
      cpu = process.cpuUsage();
    },
    read(): LoopLoad {
      const used = process.cpuUsage(cpu);
      return {
        busy: performance.eventLoopUtilization(elu).utilization,
        cpuMs: (used.user + used.system) / 1_000,
        delayMeanMs: delay.mean / 1e6,
        delayP99Ms: delay.percentile(99) / 1e6,
      };
    },
    stop() {
      delay.disable();
    },
  };
}
