/**
 * Coalesces calls made while a batch is in flight into the next batch: a
 * lone call goes at once, and under load a hundred calls cost one round
 * trip. One batch runs at a time, in arrival order. `flush` settles each
 * pending call (resolve or reject); if it throws, every call of its batch
 * still pending fails with that error.
 */
export type Pending<In, Out> = {
  input: In;
  resolve: (output: Out | PromiseLike<Out>) => void;
  reject: (error: unknown) => void;
};

export function coalesce<In, Out>(
  flush: (batch: Pending<In, Out>[]) => Promise<void>,
  { maxBatch = Number.POSITIVE_INFINITY }: { maxBatch?: number } = {},
): (input: In) => Promise<Out> {
  let waiting: Pending<In, Out>[] = [];
  let busy = false;
  const pump = async () => {
    if (busy) return;
    busy = true;
    try {
      while (waiting.length > 0) {
        const batch = waiting.slice(0, maxBatch);
        waiting = waiting.slice(batch.length);
        await flush(batch).catch((error: unknown) => {
          for (const pending of batch) pending.reject(error);
        });
      }
    } finally {
      busy = false;
    }
  };
  return (input) =>
    new Promise<Out>((resolve, reject) => {
      waiting.push({ input, resolve, reject });
      void pump();
    });
}
