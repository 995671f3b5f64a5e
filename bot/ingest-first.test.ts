import { describe, expect, it } from "vitest";
import { createIngestGauge, yieldToIngest } from "./ingest-first.ts";

describe("webhook first", () => {
  it("slows the update worker while requests pile up at the route, and restores it after one quiet interval", () => {
    const gauge = createIngestGauge();
    const worker = { concurrency: 16 };
    const { adjust, stop } = yieldToIngest(worker, gauge, { full: 16, reduced: 4, busyAt: 8 });
    try {
      for (let i = 0; i < 7; i++) gauge.enter();
      adjust();
      expect(worker.concurrency).toBe(16);
      // A short spike between two readings still counts.
      gauge.enter();
      gauge.leave();
      adjust();
      expect(worker.concurrency).toBe(4);
      for (let i = 0; i < 7; i++) gauge.leave();
      adjust();
      expect(worker.concurrency).toBe(16);
    } finally {
      stop();
    }
  });
});
