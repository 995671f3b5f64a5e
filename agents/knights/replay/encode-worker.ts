/**
 * Runs `encodeReplay` in a worker thread: quantizing dozens of frames takes
 * CPU for hundreds of milliseconds, which must not stall the knights whose
 * steps share the worker process's event loop.
 */
import { parentPort, workerData } from "node:worker_threads";
import { encodeReplay, type ReplayFrame, type ReplayOptions } from "./encode.ts";

const input = workerData as {
  frames: (Omit<ReplayFrame, "image"> & { image: Uint8Array })[];
  options: ReplayOptions;
};
const replay = encodeReplay(
  input.frames.map((f) => ({
    ...f,
    image: Buffer.from(f.image.buffer, f.image.byteOffset, f.image.byteLength),
  })),
  input.options,
);
parentPort?.postMessage(replay ?? null, replay ? [replay.bytes.buffer as ArrayBuffer] : []);
