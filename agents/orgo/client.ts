/**
 * A small typed Orgo client (Orgo publishes no npm SDK). Lifecycle calls,
 * desktop actions and screenshots, over `createOrgoHttp`'s timeouts, error
 * classes and safe-retry policy.
 */
import { OrgoConflictError, OrgoError, OrgoMethodNotAllowedError } from "./errors.ts";
import { createOrgoHttp, type OrgoHttpOptions } from "./http.ts";
import { describeImage, imageSource, type Screenshot } from "./image.ts";
import type {
  ActionResult,
  BashResult,
  Computer,
  ComputerStatus,
  CreateComputerInput,
  MouseButton,
  OrgoFile,
  Workspace,
} from "./types.ts";

/** Orgo's upload limit (`POST /files/upload`). */
export const ORGO_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

export type OrgoClientOptions = OrgoHttpOptions & {
  /** The workspace computers are created in; see `ensureWorkspace` when unset. */
  workspaceId?: string;
};

type CallOptions = { signal?: AbortSignal };

export type OrgoClient = ReturnType<typeof createOrgoClient>;

/** Creates an Orgo client for one API key. */
export function createOrgoClient(options: OrgoClientOptions) {
  const http = createOrgoHttp(options);
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const id = (computerId: string) => `/computers/${encodeURIComponent(computerId)}`;
  const action = <T = ActionResult>(
    computerId: string,
    name: string,
    body: Record<string, unknown>,
    call: CallOptions & { timeoutMs?: number } = {},
  ) =>
    http.request<T>({
      method: "POST",
      path: `${id(computerId)}/${name}`,
      body,
      mutating: true,
      ...call,
    });

  const client = {
    workspaceId: options.workspaceId,

    /** Every workspace (accepts the deprecated `projects` list shape too). */
    async listWorkspaces(call: CallOptions = {}): Promise<Workspace[]> {
      const body = await http.request<{ workspaces?: Workspace[]; projects?: Workspace[] }>({
        method: "GET",
        path: "/workspaces",
        ...call,
      });
      return body.workspaces ?? body.projects ?? [];
    },
    /** A workspace with its desktops. */
    getWorkspace: (workspaceId: string, call: CallOptions = {}) =>
      http.request<Workspace>({
        method: "GET",
        path: `/workspaces/${encodeURIComponent(workspaceId)}`,
        ...call,
      }),
    createWorkspace: (name: string, call: CallOptions = {}) =>
      http.request<Workspace>({ method: "POST", path: "/workspaces", body: { name }, ...call }),
    /** The id of the workspace named `name`, created when missing. */
    async ensureWorkspace(name: string, call: CallOptions = {}): Promise<string> {
      const found = (await client.listWorkspaces(call)).find((w) => w.name === name);
      return found?.id ?? (await client.createWorkspace(name, call)).id;
    },

    /** Creates a computer. Not retried: on doubt, look it up by name (names are unique per workspace). */
    createComputer(input: CreateComputerInput, call: CallOptions = {}): Promise<Computer> {
      const workspaceId = input.workspaceId ?? options.workspaceId;
      if (!workspaceId) throw new OrgoError("createComputer needs a workspaceId");
      return http.request<Computer>({
        method: "POST",
        path: "/computers",
        mutating: true,
        body: {
          workspace_id: workspaceId,
          name: input.name,
          os: "linux",
          ...(input.ram ? { ram: input.ram } : {}),
          ...(input.cpu ? { cpu: input.cpu } : {}),
          ...(input.diskSizeGb ? { disk_size_gb: input.diskSizeGb } : {}),
          ...(input.resolution ? { resolution: input.resolution } : {}),
          ...(input.autoStopMinutes !== undefined
            ? { auto_stop_minutes: input.autoStopMinutes }
            : {}),
        },
        ...call,
      });
    },
    /** The computer named `name` in a workspace, if any. */
    async findComputerByName(
      name: string,
      workspaceId = options.workspaceId,
      call: CallOptions = {},
    ): Promise<Computer | undefined> {
      if (!workspaceId) throw new OrgoError("findComputerByName needs a workspaceId");
      const workspace = await client.getWorkspace(workspaceId, call);
      return workspace.desktops?.find((c) => c.name === name);
    },
    getComputer: (computerId: string, call: CallOptions = {}) =>
      http.request<Computer>({ method: "GET", path: id(computerId), ...call }),
    deleteComputer: (computerId: string, call: CallOptions = {}) =>
      http.request<{ success: boolean }>({
        method: "DELETE",
        path: id(computerId),
        mutating: true,
        ...call,
      }),
    startComputer: (computerId: string, call: CallOptions = {}) => power(computerId, "start", call),
    stopComputer: (computerId: string, call: CallOptions = {}) => power(computerId, "stop", call),
    /** Restarts; hosts that answer 405 get stop, wait until stopped, start. */
    async restartComputer(
      computerId: string,
      call: CallOptions & { timeoutMs?: number } = {},
    ): Promise<{ status: ComputerStatus }> {
      try {
        return await power(computerId, "restart", call);
      } catch (error) {
        if (!(error instanceof OrgoMethodNotAllowedError)) throw error;
      }
      await power(computerId, "stop", call).catch((error) => {
        if (!(error instanceof OrgoConflictError)) throw error;
      });
      await client.waitForStatus(computerId, ["stopped"], call);
      return power(computerId, "start", call);
    },
    /** Polls until the computer reaches one of `statuses`; throws after `timeoutMs` (default 3 min). */
    async waitForStatus(
      computerId: string,
      statuses: readonly ComputerStatus[],
      call: CallOptions & { timeoutMs?: number; pollMs?: number } = {},
    ): Promise<Computer> {
      const deadline = Date.now() + (call.timeoutMs ?? 180_000);
      for (;;) {
        const computer = await client.getComputer(computerId, call);
        if (statuses.includes(computer.status)) return computer;
        if (computer.status === "error" && !statuses.includes("error")) {
          throw new OrgoError(`Orgo computer ${computerId} is in status error`);
        }
        if (Date.now() >= deadline) {
          throw new OrgoError(
            `Orgo computer ${computerId} did not reach ${statuses.join("/")} (still ${computer.status})`,
          );
        }
        await sleep(call.pollMs ?? 1_000, call.signal);
      }
    },

    click: (
      computerId: string,
      p: { x: number; y: number; button?: MouseButton; double?: boolean },
      call: CallOptions = {},
    ) =>
      action(
        computerId,
        "click",
        { x: p.x, y: p.y, button: p.button ?? "left", double: p.double ?? false },
        call,
      ),
    drag: (
      computerId: string,
      p: { startX: number; startY: number; endX: number; endY: number; button?: MouseButton },
      call: CallOptions = {},
    ) =>
      action(
        computerId,
        "drag",
        {
          start_x: p.startX,
          start_y: p.startY,
          end_x: p.endX,
          end_y: p.endY,
          button: p.button ?? "left",
        },
        call,
      ),
    type: (computerId: string, text: string, call: CallOptions & { delayMs?: number } = {}) =>
      action(
        computerId,
        "type",
        { text, ...(call.delayMs === undefined ? {} : { delay_ms: call.delayMs }) },
        // Typing takes time on a real desktop: allow ~12 ms per character on top.
        { ...call, timeoutMs: (options.timeoutMs ?? 30_000) + text.length * 15 },
      ),
    /** Presses a key or combination in xdotool syntax (`Return`, `ctrl+shift+t`). */
    key: (computerId: string, key: string, call: CallOptions = {}) =>
      action(computerId, "key", { key }, call),
    scroll: (
      computerId: string,
      p: { direction: "up" | "down"; amount?: number; x?: number; y?: number },
      call: CallOptions = {},
    ) => action(computerId, "scroll", { amount: 3, ...p }, call),
    wait: (computerId: string, seconds: number, call: CallOptions = {}) =>
      action(
        computerId,
        "wait",
        { seconds: Math.max(0, Math.min(60, seconds)) },
        { ...call, timeoutMs: (options.timeoutMs ?? 30_000) + seconds * 1000 },
      ),
    /** Runs a shell command; `exitCode` tells whether it succeeded (Orgo's `success` does not). */
    async bash(
      computerId: string,
      command: string,
      call: CallOptions & { timeoutSeconds?: number } = {},
    ): Promise<BashResult> {
      const seconds = call.timeoutSeconds ?? 200;
      const body = await action<{ success: boolean; output?: string; exit_code?: number }>(
        computerId,
        "bash",
        { command, timeout: seconds },
        { ...call, timeoutMs: seconds * 1000 + 10_000 },
      );
      return { success: body.success, output: body.output ?? "", exitCode: body.exit_code ?? 0 };
    },

    /**
     * Uploads a file (at most 10 MB) to the workspace, onto a desktop's
     * Desktop folder when `desktopId` is given. Not retried: a duplicate
     * upload is harmless but the caller decides.
     */
    async uploadFile(
      p: { name: string; bytes: Uint8Array; contentType?: string; desktopId?: string },
      call: CallOptions & { workspaceId?: string } = {},
    ): Promise<OrgoFile> {
      if (p.bytes.length > ORGO_UPLOAD_MAX_BYTES)
        throw new OrgoError(
          `Orgo uploads are limited to 10 MB (this file is ${p.bytes.length} bytes)`,
        );
      const workspaceId = call.workspaceId ?? options.workspaceId;
      if (!workspaceId) throw new OrgoError("uploadFile needs a workspaceId");
      const form = new FormData();
      form.set(
        "file",
        new Blob([new Uint8Array(p.bytes)], { type: p.contentType ?? "application/octet-stream" }),
        p.name,
      );
      form.set("projectId", workspaceId);
      if (p.desktopId) form.set("desktopId", p.desktopId);
      const body = await http.request<{ file: OrgoFile }>({
        method: "POST",
        path: "/files/upload",
        form,
        mutating: true,
        timeoutMs: 120_000,
        ...call,
      });
      return body.file;
    },
    /**
     * Exports a file from a desktop (paths relative to, and only inside,
     * `/home/user`); returns its record and a signed download URL (1 h).
     */
    async exportFile(
      computerId: string,
      path: string,
      call: CallOptions = {},
    ): Promise<{ file: OrgoFile; url: string }> {
      const body = await http.request<{ file: OrgoFile; url?: string }>({
        method: "POST",
        path: "/files/export",
        body: { desktopId: computerId, path },
        ...call,
      });
      const url = body.url ?? body.file.url;
      if (!url) throw new OrgoError(`Orgo exported ${path} without a download URL`);
      return { file: body.file, url };
    },
    /** Files of the workspace, optionally only one desktop's. */
    async listFiles(
      filter: { desktopId?: string; workspaceId?: string } = {},
      call: CallOptions = {},
    ): Promise<OrgoFile[]> {
      const query = new URLSearchParams();
      const workspaceId = filter.workspaceId ?? options.workspaceId;
      if (workspaceId) query.set("projectId", workspaceId);
      if (filter.desktopId) query.set("desktopId", filter.desktopId);
      const body = await http.request<{ files?: OrgoFile[] }>({
        method: "GET",
        path: `/files?${query}`,
        ...call,
      });
      return body.files ?? [];
    },
    /** Downloads an exported file's bytes from its signed URL (large files get 5 min). */
    downloadFile: (url: string, call: CallOptions = {}) => http.download(url, call.signal, 300_000),

    /** Takes a screenshot and returns its bytes, whichever form Orgo answered in. */
    async screenshot(computerId: string, call: CallOptions = {}): Promise<Screenshot> {
      const body = await http.request<{
        image?: unknown;
        metadata?: { id?: string; timestamp?: string };
      }>({ method: "GET", path: `${id(computerId)}/screenshot`, ...call });
      const source = imageSource(body.image);
      const bytes =
        source.kind === "bytes"
          ? source.bytes
          : (await http.download(source.url, call.signal)).bytes;
      return {
        bytes,
        ...describeImage(bytes),
        ...(body.metadata?.id ? { id: body.metadata.id } : {}),
        ...(body.metadata?.timestamp ? { takenAt: body.metadata.timestamp } : {}),
      };
    },
  };

  function power(computerId: string, operation: "start" | "stop" | "restart", call: CallOptions) {
    return http.request<{ success: boolean; status: ComputerStatus }>({
      method: "POST",
      path: `${id(computerId)}/${operation}`,
      mutating: true,
      ...call,
    });
  }

  return client;
}
