/** The benchmark rows in table order, and the runner that turns each into a result. */
import type { Mode, Row, RowResult } from "../report.ts";
import { broadcastRow } from "./broadcast.ts";
import { coldStartRow } from "./cold-start.ts";
import { contextGrowthRow } from "./context-growth.ts";
import { knightConcurrencyRow } from "./knight-concurrency.ts";
import { knightOverheadRow } from "./knight-overhead.ts";
import { liveViewRow } from "./live-view.ts";
import { modelCallsRow } from "./model-calls.ts";
import { modelCostRow } from "./model-cost.ts";
import { replyLatencyRow } from "./reply-latency.ts";
import { schedulerRow } from "./scheduler.ts";
import { takeoverRow } from "./takeover.ts";
import { vmMinutesRow } from "./vm-minutes.ts";
import { webhookRow } from "./webhook.ts";

export const ROWS: Row[] = [
  webhookRow,
  broadcastRow,
  knightOverheadRow,
  knightConcurrencyRow,
  liveViewRow,
  takeoverRow,
  contextGrowthRow,
  coldStartRow,
  schedulerRow,
  modelCostRow,
  modelCallsRow,
  replyLatencyRow,
  vmMinutesRow,
];

/**
 * Runs the rows one after another (they share two cores; running them side
 * by side would measure each other). A row that throws becomes a failed
 * result carrying the error, so one broken row never hides the others.
 */
export async function runRows({
  mode,
  log,
  only,
}: {
  mode: Mode;
  log: (message: string) => void;
  only?: string[];
}): Promise<RowResult[]> {
  const results: RowResult[] = [];
  for (const row of ROWS.filter((r) => !only || only.includes(r.id))) {
    log(`${row.name}: starting (${mode})`);
    const started = performance.now();
    try {
      const result = await row.run({ mode, log });
      results.push({
        id: row.id,
        name: row.name,
        target: row.target,
        ...result,
        seconds: (performance.now() - started) / 1000,
      });
    } catch (error) {
      log(`${row.name}: failed: ${(error as Error).stack}`);
      results.push({
        id: row.id,
        name: row.name,
        target: row.target,
        figure: `error: ${(error as Error).message.split("\n")[0]}`,
        baseline: "—",
        ratio: null,
        ratioMeaning: "",
        pass: false,
        metrics: { error: (error as Error).message },
        notes: [],
        seconds: (performance.now() - started) / 1000,
      });
    }
  }
  return results;
}
