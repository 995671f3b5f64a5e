/**
 * One Orgo VM per employee: created on first need, reused, stopped when idle,
 * deleted with the employee.
 *
 * No second VM: the `vms` row (unique per employee) is written first, in
 * status `creating`, with a deterministic Orgo name (`mouse-<employee id>`);
 * before creating, the worker looks that name up in the workspace, so a
 * worker that died between Orgo's create and our write adopts the computer
 * it made instead of making another (Orgo names are unique per workspace, so
 * even a race ends in a 409, not a duplicate).
 *
 * Metering sessions: see `vm-sessions.ts`.
 */
import type { Data, Tx } from "../../db/index.ts";
import type { Logger } from "../../observability/index.ts";
import {
  type Computer,
  type OrgoClient,
  OrgoConflictError,
  OrgoNotFoundError,
  parseResolution,
} from "../orgo/index.ts";
import type { Size } from "./scale.ts";
import { closeVmSession, openVmSession } from "./vm-sessions.ts";

export type VmRow = {
  id: string;
  customer_id: string;
  employee_id: string;
  provider_id: string | null;
  provider_name: string | null;
  workspace_id: string | null;
  resolution: string | null;
  status: string;
  started_at: Date | null;
  stopped_at: Date | null;
  last_activity_at: Date | null;
};

/** A VM ready for actions. */
export type ReadyVm = { id: string; computerId: string; size: Size };

export type VmSettings = {
  workspace?: { id?: string; name?: string };
  computer?: { ram?: 4 | 8 | 16 | 32 | 64; cpu?: 1 | 2 | 4 | 8 | 16; resolution?: string };
  /** Orgo's own auto-stop as a safety net behind the reaper (minutes; 0 = off). Default 30. */
  autoStopMinutes?: number;
  /** How long to wait for a VM to boot. Default 3 min. */
  bootTimeoutMs?: number;
  pollMs?: number;
  /** How long a start waits for a stop in flight before finishing that stop itself. Default 15 s. */
  stopWaitMs?: number;
};

/**
 * How long a VM may go without agent activity (ms, as SQL over `v`, with
 * `$1` the idle limit and `$2` the help wait): a knight waiting for the
 * customer's help keeps its desktop for the help wait instead.
 */
const IDLE_LIMIT = `(case when exists (select 1 from public.tasks t where t.employee_id = v.employee_id
    and t.status = 'waiting_for_input' and t.paused_reason = 'help')
  then $2::double precision else $1::double precision end)`;

/** The employee was removed: its VM is gone for good. */
export class EmployeeRemovedError extends Error {
  override name = "EmployeeRemovedError";
}

/** Creates the VM manager over the database and an Orgo client. */
export function createVmManager(deps: {
  data: Data;
  orgo: OrgoClient;
  logger: Logger;
  settings?: VmSettings;
}) {
  const { data, orgo, logger } = deps;
  const settings = deps.settings ?? {};
  const autoStop = settings.autoStopMinutes ?? 30;
  const wait = { timeoutMs: settings.bootTimeoutMs ?? 180_000, pollMs: settings.pollMs ?? 1_000 };
  let workspaceId: Promise<string> | undefined;
  const service = <T>(reason: string, fn: (tx: Tx) => Promise<T>) =>
    data.asService(`knights: ${reason}`, fn);

  const workspace = () => {
    const configured = settings.workspace?.id ?? orgo.workspaceId;
    if (configured) return Promise.resolve(configured);
    workspaceId ??= orgo.ensureWorkspace(settings.workspace?.name ?? "mouse").catch((error) => {
      workspaceId = undefined;
      throw error;
    });
    return workspaceId;
  };

  async function row(employeeId: string): Promise<VmRow | undefined> {
    return service("read vm", async (tx) => {
      const { rows } = await tx.query<VmRow>("select * from public.vms where employee_id = $1", [
        employeeId,
      ]);
      return rows[0];
    });
  }

  /** Finds or creates the Orgo computer of a `creating` row and records it. */
  async function provision(vm: VmRow, signal: AbortSignal): Promise<VmRow> {
    const ws = vm.workspace_id ?? (await workspace());
    const name = vm.provider_name!;
    let computer = await orgo.findComputerByName(name, ws, { signal });
    if (!computer) {
      try {
        computer = await orgo.createComputer(
          {
            workspaceId: ws,
            name,
            ...(settings.computer?.ram ? { ram: settings.computer.ram } : {}),
            ...(settings.computer?.cpu ? { cpu: settings.computer.cpu } : {}),
            ...(settings.computer?.resolution ? { resolution: settings.computer.resolution } : {}),
            autoStopMinutes: autoStop,
          },
          { signal },
        );
        logger.info({ vm: vm.id, computer: computer.id }, "created knight VM");
      } catch (error) {
        // Someone (or our own lost request) made it after all: adopt it.
        if (!(error instanceof OrgoConflictError)) throw error;
        computer = await orgo.findComputerByName(name, ws, { signal });
        if (!computer) throw error;
      }
    }
    return service("record vm", async (tx) => {
      const { rows } = await tx.query<VmRow>(
        `update public.vms set provider_id = $2, workspace_id = $3, resolution = $4, status = 'starting',
                started_at = date_trunc('milliseconds', now()), stopped_at = null, last_activity_at = now()
          where id = $1 returning *`,
        [vm.id, computer.id, ws, computer.resolution],
      );
      return rows[0]!;
    });
  }

  async function bringUp(vm: VmRow, computer: Computer, signal: AbortSignal): Promise<Computer> {
    const call = { signal, ...wait };
    switch (computer.status) {
      case "running":
        return computer;
      case "stopped":
      case "suspended":
        await closeSession(vm.id, vm.started_at, "stopped", { idleBound: true });
        await orgo.startComputer(computer.id, { signal }).catch(ignoreConflict);
        return orgo.waitForStatus(computer.id, ["running"], call);
      case "stopping": {
        await orgo.waitForStatus(computer.id, ["stopped"], call);
        await closeSession(vm.id, vm.started_at, "stopped");
        await orgo.startComputer(computer.id, { signal }).catch(ignoreConflict);
        return orgo.waitForStatus(computer.id, ["running"], call);
      }
      case "error":
        await orgo.restartComputer(computer.id, call);
        return orgo.waitForStatus(computer.id, ["running"], call);
      default:
        return orgo.waitForStatus(computer.id, ["running"], call);
    }
  }

  const closeSession = (
    vmId: string,
    startedAt: Date | null,
    status: string,
    { idleBound = false } = {},
  ) =>
    closeVmSession(data, { vmId, startedAt, status, idleBoundMinutes: idleBound ? autoStop : 0 });
  const openSession = (vmId: string, resolution: string) => openVmSession(data, vmId, resolution);

  /**
   * Stops a VM already marked `stopping` (its state kept: Orgo stops, it
   * does not delete), bills its session up to now and marks it stopped.
   * The one place VMs are stopped; idempotent, so a stop a crash cut short
   * is finished by the next caller. False when Orgo could not be reached
   * (the row stays `stopping` and the reaper retries).
   */
  async function halt(vm: VmRow): Promise<boolean> {
    try {
      await orgo.stopComputer(vm.provider_id!).catch(ignoreConflict);
    } catch (error) {
      if (!(error instanceof OrgoNotFoundError)) {
        logger.warn({ vm: vm.id, err: error }, "could not stop VM; will retry");
        return false;
      }
    }
    await closeSession(vm.id, vm.started_at, "stopped");
    // A session already closed by someone else still leaves the row stopped.
    await service("mark vm stopped", (tx) =>
      tx.query("update public.vms set status = 'stopped' where id = $1 and status = 'stopping'", [
        vm.id,
      ]),
    );
    return true;
  }

  /** Waits while another caller is stopping the VM (bounded: a crashed stopper is finished by us). */
  async function settled(vm: VmRow, signal: AbortSignal): Promise<VmRow> {
    const until = Date.now() + (settings.stopWaitMs ?? 15_000);
    let current = vm;
    while (current.status === "stopping" && Date.now() < until) {
      await sleep(Math.min(wait.pollMs, 250), signal);
      current = (await row(vm.employee_id)) ?? current;
    }
    if (current.status === "stopping" && current.provider_id) await halt(current);
    return (await row(vm.employee_id)) ?? current;
  }

  return {
    /** The employee's running VM, created or started as needed. */
    async ensure(
      employee: { id: string; customerId: string },
      signal: AbortSignal,
    ): Promise<ReadyVm> {
      await service("claim vm row", (tx) =>
        tx.query(
          `insert into public.vms (customer_id, employee_id, provider_name, status)
           values ($1, $2, $3, 'creating') on conflict (employee_id) do nothing`,
          [employee.customerId, employee.id, `mouse-${employee.id}`],
        ),
      );
      let vm = (await row(employee.id))!;
      // A stop in flight (the last task just ended) finishes first; the VM then starts again.
      if (vm.status === "stopping") vm = await settled(vm, signal);
      if (vm.status === "deleted" || vm.status === "deleting")
        throw new EmployeeRemovedError(`employee ${employee.id} was removed`);
      if (!vm.provider_id) vm = await provision(vm, signal);
      let computer: Computer;
      try {
        computer = await orgo.getComputer(vm.provider_id!, { signal });
      } catch (error) {
        if (!(error instanceof OrgoNotFoundError)) throw error;
        // Deleted behind our back: bill what ran, then make a new one under the same name.
        await closeSession(vm.id, vm.started_at, "creating");
        await service("forget vm", (tx) =>
          tx.query("update public.vms set provider_id = null, status = 'creating' where id = $1", [
            vm.id,
          ]),
        );
        vm = await provision({ ...vm, provider_id: null }, signal);
        computer = await orgo.getComputer(vm.provider_id!, { signal });
      }
      const fresh = (await row(employee.id))!;
      const running = await bringUp(fresh, computer, signal);
      await openSession(vm.id, running.resolution);
      return { id: vm.id, computerId: running.id, size: parseResolution(running.resolution) };
    },

    /**
     * Stops VMs without agent activity for `idleMs` (and finishes stops a
     * crashed reaper began); returns how many it stopped.
     */
    async stopIdle(
      idleMs: number,
      {
        helpWaitMs = idleMs,
        onStopped,
      }: { helpWaitMs?: number; onStopped?: (vm: VmRow) => Promise<void> } = {},
    ): Promise<number> {
      const candidates = await service("find idle vms", async (tx) => {
        const { rows } = await tx.query<VmRow>(
          `select * from public.vms v
            where provider_id is not null
              and (status = 'stopping'
                   or (status in ('running', 'starting')
                       and coalesce(last_activity_at, started_at, created_at)
                           < now() - make_interval(secs => ${IDLE_LIMIT} / 1000)))`,
          [idleMs, helpWaitMs],
        );
        return rows;
      });
      let stopped = 0;
      for (const vm of candidates) {
        const claimed = await service("mark vm stopping", async (tx) => {
          const { rowCount } = await tx.query(
            `update public.vms v set status = 'stopping'
              where id = $3 and (status = 'stopping' or (status in ('running', 'starting')
                and coalesce(last_activity_at, started_at, created_at)
                    < now() - make_interval(secs => ${IDLE_LIMIT} / 1000)))`,
            [idleMs, helpWaitMs, vm.id],
          );
          return rowCount === 1;
        });
        if (!claimed || !(await halt(vm))) continue;
        stopped++;
        logger.info({ vm: vm.id }, "stopped idle knight VM");
        await onStopped?.(vm).catch((err) =>
          logger.warn({ vm: vm.id, err }, "could not tell about a stopped VM"),
        );
      }
      return stopped;
    },

    /**
     * Stops the employee's VM at once when none of its tasks is queued or
     * running and none waits for help or a person at the controls (those keep
     * the desktop; the reaper stops it after the help wait). Called when a
     * task ends, so a VM bills the task's minutes, not an idle timeout after
     * it. Holds the customer row as `claimTask` does, so a task of that
     * customer starting at the same moment is either seen here (nothing is
     * stopped) or finds the VM `stopping` and starts it again (`ensure`).
     * Returns whether it stopped the VM.
     */
    async stopUnused(employeeId: string): Promise<boolean> {
      const vm = await service("claim unused vm", async (tx) => {
        await tx.query(
          `select 1 from public.customers
            where id = (select customer_id from public.vms where employee_id = $1) for update`,
          [employeeId],
        );
        const { rows } = await tx.query<VmRow>(
          `update public.vms v set status = 'stopping'
            where employee_id = $1 and provider_id is not null and status in ('running', 'starting')
              and not exists (select 1 from public.tasks t where t.employee_id = v.employee_id
                    and (t.status in ('queued', 'running')
                         or (t.status = 'waiting_for_input' and t.paused_reason in ('help', 'takeover'))))
              and not exists (select 1 from public.desktop_controls c where c.vm_id = v.id and c.ended_at is null)
            returning *`,
          [employeeId],
        );
        return rows[0];
      });
      if (!vm || !(await halt(vm))) return false;
      logger.info({ vm: vm.id }, "stopped knight VM: its tasks are done");
      return true;
    },

    /** Stops, meters and deletes an employee's VM (the employee was removed). */
    async remove(employeeId: string): Promise<void> {
      const vm = await row(employeeId);
      if (!vm) return;
      await service("mark vm deleting", (tx) =>
        tx.query("update public.vms set status = 'deleting' where id = $1", [vm.id]),
      );
      if (vm.provider_id) {
        await orgo.stopComputer(vm.provider_id).catch(ignoreConflict).catch(ignoreNotFound);
        await closeSession(vm.id, vm.started_at, "deleting");
        await orgo.deleteComputer(vm.provider_id).catch(ignoreNotFound);
      } else if (vm.provider_name) {
        // A create may have happened just before a crash: do not leave it behind.
        const ws = vm.workspace_id ?? (await workspace());
        const orphan = await orgo.findComputerByName(vm.provider_name, ws);
        if (orphan) await orgo.deleteComputer(orphan.id).catch(ignoreNotFound);
      }
      await service("mark vm deleted", (tx) =>
        tx.query("update public.vms set status = 'deleted' where id = $1", [vm.id]),
      );
    },
  };
}

export type VmManager = ReturnType<typeof createVmManager>;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", abort, { once: true });
  });
}

function ignoreConflict(error: unknown): void {
  if (!(error instanceof OrgoConflictError)) throw error;
}

function ignoreNotFound(error: unknown): void {
  if (!(error instanceof OrgoNotFoundError)) throw error;
}
