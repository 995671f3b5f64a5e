/**
 * Stopwatches around the knights' two outside services. Every model
 * decision and every Orgo call is timed, so a row can subtract the time
 * spent waiting on them from a step's wall time: what is left is what the
 * platform itself added (database writes, context building, image scaling,
 * frame storage, notices, queue work).
 */

import type { QueryResultRow } from "pg";
import type { ComputerModel } from "../../agents/knights/index.ts";
import type { OrgoClient } from "../../agents/orgo/index.ts";
import type { Claims, CommitOptions, Data, Statement, Tx } from "../../db/index.ts";

export type Stopwatch = {
  /** Milliseconds spent in outside calls so far (summed over concurrent calls). */
  externalMs: number;
  /** When each model decision started (performance.now()) with `externalMs` at that moment. */
  decisions: { at: number; externalMs: number }[];
  /** When each model decision ended (performance.now()). */
  decided: number[];
  orgoCalls: number;
  /** Each call's duration in ms by what it was ("model", or the Orgo client's method), in order. */
  durations: Map<string, number[]>;
};

export function createStopwatch(): Stopwatch {
  return { externalMs: 0, decisions: [], decided: [], orgoCalls: 0, durations: new Map() };
}

async function timed<T>(watch: Stopwatch, kind: string, call: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await call();
  } finally {
    const ms = performance.now() - started;
    watch.externalMs += ms;
    const list = watch.durations.get(kind);
    if (list) list.push(ms);
    else watch.durations.set(kind, [ms]);
  }
}

/** The model, timed. */
export function timedModel(model: ComputerModel, watch: Stopwatch): ComputerModel {
  return {
    models: model.models,
    decide: async (context, options) => {
      watch.decisions.push({ at: performance.now(), externalMs: watch.externalMs });
      const turn = await timed(watch, "model", () => model.decide(context, options));
      watch.decided.push(performance.now());
      return turn;
    },
  };
}

/** The Orgo client, every method timed. */
export function timedOrgo(orgo: OrgoClient, watch: Stopwatch): OrgoClient {
  return new Proxy(orgo, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        watch.orgoCalls++;
        return timed(watch, String(key), () => value.apply(target, args));
      };
    },
  });
}

/** Time spent per `asService` / `asUser` reason, to show where a step's overhead goes. */
export type DataTimes = Map<string, { calls: number; ms: number }>;

/** The data access, with every transaction timed by its reason. */
export function timedData(data: Data, times: DataTimes): Data {
  const add = (reason: string, ms: number) => {
    const entry = times.get(reason) ?? { calls: 0, ms: 0 };
    entry.calls++;
    entry.ms += ms;
    times.set(reason, entry);
  };
  const time = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await run();
    } finally {
      add(name, performance.now() - started);
    }
  };
  const wrap =
    <A>(
      run: (a: A, fn: (tx: Tx) => Promise<unknown>) => Promise<unknown>,
      name: (a: A) => string,
    ) =>
    (a: A, fn: (tx: Tx) => Promise<unknown>) =>
      time(name(a), () => run(a, fn));
  type Values = Parameters<Data["statementAsService"]>[2];
  type Options = Parameters<Data["statementAsService"]>[3];
  return {
    asService: <T>(reason: string, fn: (tx: Tx) => Promise<T>, options?: CommitOptions) =>
      time(reason, () => data.asService(reason, fn, options)),
    asUser: wrap(data.asUser, () => "asUser"),
    statementAsService: <Row extends QueryResultRow>(
      reason: string,
      text: string,
      values?: Values,
      options?: Options,
    ) => time(reason, () => data.statementAsService<Row>(reason, text, values, options)),
    statementAsUser: <Row extends QueryResultRow>(
      claims: Claims,
      text: string,
      values?: Values,
      options?: Options,
    ) => time("statementAsUser", () => data.statementAsUser<Row>(claims, text, values, options)),
    statementsAsService: (
      reason: string,
      statements: readonly Statement[],
      options?: CommitOptions,
    ) => time(reason, () => data.statementsAsService(reason, statements, options)),
  } as Data;
}
