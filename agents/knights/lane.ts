/**
 * Best-effort work of one run (announcing a frame to the live view, editing
 * the customer's progress message) done beside the next step instead of in
 * front of it. Jobs run in order and at most one behind: starting a job
 * first waits for the one before, so a slow notifier slows the loop down
 * rather than piling up work.
 */
export type Lane = {
  /** Waits for the previous job, then starts `job` without waiting for it. */
  next: (job: () => Promise<unknown>) => Promise<void>;
  /** Settles once every job started so far has finished. */
  idle: () => Promise<void>;
};

/** Creates a lane; a job that fails is reported to `onError` and does not stop the next. */
export function createLane(onError: (error: unknown) => void): Lane {
  let tail: Promise<void> = Promise.resolve();
  return {
    async next(job) {
      await tail;
      tail = job().then(() => {}, onError);
    },
    idle: () => tail,
  };
}
