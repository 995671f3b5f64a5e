/**
 * VM metering. A session runs from `vms.started_at` to `vms.stopped_at`.
 * Whoever sees it end (the reaper, the next worker finding the VM stopped,
 * the employee's removal) closes it with a conditional update keyed on its
 * `started_at`, and records `vm_minutes` under `vm:<vm id>:<session start ms>`
 * in the same transaction: a session is billed once, whoever closes it and
 * however often, crashes included. Session starts are kept to the
 * millisecond (what a JavaScript Date holds), so the key and the conditional
 * update see the same instant.
 */
import { recordUsage, VM_MINUTE_MICROS } from "../../billing/index.ts";
import type { Data } from "../../db/index.ts";

/** Opens a session unless one is open, and marks the VM running. */
export function openVmSession(data: Data, vmId: string, resolution: string) {
  return data.asService("knights: open vm session", async (tx) => {
    await tx.query(
      `update public.vms set started_at = date_trunc('milliseconds', now()), stopped_at = null
        where id = $1 and (started_at is null or stopped_at is not null)`,
      [vmId],
    );
    await tx.query(
      "update public.vms set status = 'running', resolution = $2, last_activity_at = now() where id = $1",
      [vmId, resolution],
    );
  });
}

/**
 * Closes the session that started at `startedAt` (nothing if it is already
 * closed or was replaced) and meters it in started minutes. With
 * `idleBoundMinutes`, a VM that stopped by itself (Orgo's auto-stop) is
 * billed only until it would have stopped after its last activity.
 * Returns the minutes billed (0 when nothing was closed).
 */
export function closeVmSession(
  data: Data,
  s: { vmId: string; startedAt: Date | null; status: string; idleBoundMinutes?: number },
): Promise<number> {
  const startedAt = s.startedAt;
  if (!startedAt) return Promise.resolve(0);
  return data.asService("knights: close vm session", async (tx) => {
    const { rows } = await tx.query<{ customer_id: string; started_at: Date; stopped_at: Date }>(
      `update public.vms set stopped_at = case
                 when $4 > 0 then least(now(),
                   greatest(started_at, coalesce(last_activity_at, started_at)) + make_interval(mins => $4))
                 else now() end,
              status = $3
        where id = $1 and date_trunc('milliseconds', started_at) = $2 and stopped_at is null
        returning customer_id, started_at, stopped_at`,
      [s.vmId, startedAt, s.status, s.idleBoundMinutes ?? 0],
    );
    const closed = rows[0];
    if (!closed) return 0;
    const minutes = Math.ceil(
      Math.max(0, closed.stopped_at.getTime() - closed.started_at.getTime()) / 60_000,
    );
    await recordUsage(tx, {
      customerId: closed.customer_id,
      kind: "vm_minutes",
      quantity: minutes,
      costMicros: minutes * VM_MINUTE_MICROS,
      idempotencyKey: `vm:${s.vmId}:${closed.started_at.getTime()}`,
      detail: {
        vmId: s.vmId,
        startedAt: closed.started_at.toISOString(),
        stoppedAt: closed.stopped_at.toISOString(),
      },
    });
    return minutes;
  });
}
