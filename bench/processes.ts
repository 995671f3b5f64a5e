/**
 * Child processes for the rows that need the product (or a baseline, or a
 * sandbox) in a process of its own, so the load generator never shares its
 * event loop with what it measures.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";

export { freePort } from "../testing/ports.ts";

import { sleep } from "./stats.ts";

/** The repository root (where package.json and main.ts are). */
export const ROOT = resolve(import.meta.dirname, "..");

export type Child = {
  process: ChildProcess;
  /** Everything the child printed (stdout and stderr), most recent last, bounded. */
  output: () => string;
  /** Resolves with the first output line matching `pattern`, or rejects when the child exits. */
  line: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. Idempotent. */
  stop: (graceMs?: number) => Promise<void>;
};

/**
 * Spawns `command args` in its own process group (so `npm start`'s node
 * child is stopped with it), capturing output.
 */
export function spawnChild(
  command: string,
  args: string[],
  { env = {}, cwd = ROOT }: { env?: Record<string, string | undefined>; cwd?: string } = {},
): Child {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let text = "";
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-200_000);
    for (const wake of waiters) wake();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  let stopping: Promise<void> | undefined;

  return {
    process: child,
    output: () => text,
    line: (pattern, timeoutMs = 60_000) =>
      new Promise((resolvePromise, reject) => {
        const check = () => {
          const found = text.match(pattern);
          if (found) {
            cleanup();
            resolvePromise(found);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${command} printed no ${pattern} within ${timeoutMs} ms:\n${text}`));
        }, timeoutMs);
        const onExit = () => {
          cleanup();
          reject(new Error(`${command} exited (${child.exitCode}) before ${pattern}:\n${text}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
          child.off("exit", onExit);
        };
        waiters.add(check);
        child.once("exit", onExit);
        check();
      }),
    stop: (graceMs = 10_000) => {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const signal = (name: NodeJS.Signals) => {
          try {
            process.kill(-child.pid!, name);
          } catch {
            // Already gone.
          }
        };
        signal("SIGTERM");
        const timedOut = await Promise.race([
          exited.then(() => false),
          sleep(graceMs).then(() => true),
        ]);
        if (timedOut) {
          signal("SIGKILL");
          await exited;
        }
        // `npm start` exits on the signal while its node child is still
        // shutting down: wait for the whole group, or the next run shares the CPU with it.
        const deadline = Date.now() + graceMs;
        while (groupAlive(child.pid!)) {
          if (Date.now() > deadline) signal("SIGKILL");
          await sleep(20);
        }
      })();
      return stopping;
    },
  };
}

/** Whether any process of the group led by `pid` is still running. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Spawns a TypeScript entry point of this repository with Node and tsx. */
export function spawnScript(
  script: string,
  args: string[] = [],
  options: { env?: Record<string, string | undefined> } = {},
): Child {
  return spawnChild(process.execPath, ["--import", "tsx", resolve(ROOT, script), ...args], options);
}

/** Polls `url` until it answers `status` (default 200); returns the ms it took, or throws. */
export async function waitForStatus(
  url: string,
  {
    status = 200,
    timeoutMs = 60_000,
    everyMs = 20,
  }: {
    status?: number;
    timeoutMs?: number;
    everyMs?: number;
  } = {},
): Promise<number> {
  const started = performance.now();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answered = await fetch(url, { signal: AbortSignal.timeout(2_000) })
      .then(async (res) => {
        await res.arrayBuffer();
        return res.status;
      })
      .catch(() => 0);
    if (answered === status) return performance.now() - started;
    if (Date.now() > deadline)
      throw new Error(`${url} did not answer ${status} in ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}
