/** `encodeReplay` off the event loop: one short-lived worker thread per replay. */
import { Worker } from "node:worker_threads";
import type { Replay, ReplayFrame, ReplayOptions } from "./encode.ts";

const WORKER = new URL("./encode-worker.ts", import.meta.url);
const PRELOAD = new URL("../../../runtime/register.js", import.meta.url).href;

/** Encodes a replay in a worker thread; rejects if the thread fails. */
export function encodeReplayInThread(
  frames: readonly ReplayFrame[],
  options: ReplayOptions = {},
): Promise<Replay | undefined> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      workerData: { frames, options },
      execArgv: ["--import", PRELOAD],
    });
    worker.once("message", (replay: Replay | null) => {
      resolve(replay ?? undefined);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`replay encoder exited with code ${code}`));
    });
  });
}
