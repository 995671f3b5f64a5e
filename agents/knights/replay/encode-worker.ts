/**
 * Runs `encodeReplay` in a worker thread: quantizing dozens of frames takes
 * CPU for hundreds of milliseconds, which must not stall the knights whose
 * steps share the worker process's event loop.
 */
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { encodeReplay, type ReplayFrame, type ReplayOptions } from "./encode.ts";

// Lowest CPU priority for this thread only (Linux applies it per thread): on a
// busy machine the knights' steps go first and the replay waits.
try {
  setPriority(19);
} catch {
  // Not permitted here: the thread still keeps off the event loop.
}

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
