import type { ComputerRecord, StoredFile, Workspace } from "./types.ts";

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** A computer as Orgo's API returns it; `base` is the sandbox's public API base URL. */
export function computerJson(computer: ComputerRecord, base: string) {
  return {
    id: computer.id,
    name: computer.name,
    workspace_id: computer.workspaceId,
    os: computer.os,
    ram: computer.ram,
    cpu: computer.cpu,
    disk_size_gb: computer.diskSizeGb,
    resolution: computer.resolution,
    status: computer.status,
    created_at: iso(computer.createdAt),
    instance_id: computer.instanceId,
    connection_url: `${base}/_sandbox/desktops/${computer.instanceId}`,
    vnc_password: computer.vncPassword,
    auto_stop_minutes: computer.autoStopMinutes,
  };
}

/** A workspace as Orgo's API returns it; `desktops` only on the single-workspace read. */
export function workspaceJson(workspace: Workspace, desktops?: ReturnType<typeof computerJson>[]) {
  return {
    id: workspace.id,
    name: workspace.name,
    created_at: iso(workspace.createdAt),
    ...(desktops ? { desktops } : {}),
  };
}

/** A file record as `/files` returns it, with a download URL served by the sandbox. */
export function fileJson(file: StoredFile, downloadUrl: string) {
  return {
    id: file.id,
    name: file.name,
    size: file.size,
    content_type: file.contentType,
    project_id: file.workspaceId,
    desktop_id: file.computerId,
    path: file.path,
    created_at: iso(file.createdAt),
    url: downloadUrl,
  };
}

/** An ISO-8601 timestamp without milliseconds, as in Orgo's examples. */
export { iso as isoTime };
