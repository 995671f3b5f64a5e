import { OrgoApiError, UNREACHABLE_MESSAGE } from "./errors.ts";
import type { ComputerRecord, ComputerStatus } from "./types.ts";

/** Power operations a client can ask for. */
export type PowerOperation = "start" | "stop" | "restart";

const TRANSITIONS: Record<
  PowerOperation,
  { from: readonly ComputerStatus[]; via: ComputerStatus; to: ComputerStatus; conflict: string }
> = {
  start: {
    from: ["stopped", "suspended"],
    via: "starting",
    to: "running",
    conflict: "Computer is not stopped",
  },
  stop: { from: ["running"], via: "stopping", to: "stopped", conflict: "Computer is not running" },
  restart: {
    from: ["running"],
    via: "restarting",
    to: "running",
    conflict: "Computer is not running",
  },
};

/** Statuses the desktop comes out of by itself; actions then get a retryable 503. */
const COMING_UP: readonly ComputerStatus[] = ["creating", "starting", "restarting"];

/**
 * Begins `operation`, or throws 409 when the computer is in the wrong state
 * (start when running, stop when stopped, anything mid-transition).
 * Returns the transitional status the response reports.
 */
export function beginTransition(
  computer: ComputerRecord,
  operation: PowerOperation,
  now: number,
  delayMs: number,
): ComputerStatus {
  const transition = TRANSITIONS[operation];
  if (!transition.from.includes(computer.status) || computer.pending) {
    throw new OrgoApiError(409, `${transition.conflict} (status: ${computer.status})`);
  }
  computer.status = transition.via;
  computer.pending = { status: transition.to, at: now + delayMs };
  return transition.via;
}

/**
 * Brings a computer's status up to `now`: completes a due transition and
 * applies auto-stop after `autoStopMinutes` without actions. Returns true when
 * the computer has just (re)booted, so its screen starts fresh.
 */
export function settle(computer: ComputerRecord, now: number): boolean {
  let booted = false;
  if (computer.pending && now >= computer.pending.at) {
    const { status, at } = computer.pending;
    booted = status === "running";
    computer.status = status;
    computer.pending = null;
    // Idle time for auto-stop counts from when the boot finished.
    if (booted) computer.lastActivityAt = Math.max(computer.lastActivityAt, at);
  }
  const idleLimit = computer.autoStopMinutes * 60_000;
  if (
    computer.status === "running" &&
    idleLimit > 0 &&
    now - computer.lastActivityAt >= idleLimit
  ) {
    computer.status = "stopped";
  }
  return booted;
}

/**
 * Throws unless the desktop can take actions and screenshots: 503 (retryable)
 * while it is coming up, 400 "Desktop instance not available" when it is down.
 */
export function requireDesktop(computer: ComputerRecord) {
  if (computer.status === "running") return;
  if (COMING_UP.includes(computer.status)) throw new OrgoApiError(503, UNREACHABLE_MESSAGE);
  throw new OrgoApiError(400, "Desktop instance not available");
}
