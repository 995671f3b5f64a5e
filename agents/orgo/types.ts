/** Orgo's wire shapes, as `../shared/reference/orgo-api.md` documents them. */

export type ComputerStatus =
  | "creating"
  | "starting"
  | "running"
  | "stopping"
  | "stopped"
  | "restarting"
  | "suspended"
  | "deleting"
  | "error";

export type Computer = {
  id: string;
  name: string;
  workspace_id: string;
  os: string;
  ram: number;
  cpu: number;
  disk_size_gb: number;
  /** `WIDTHxHEIGHTxDEPTH`, e.g. `1280x720x24`. */
  resolution: string;
  status: ComputerStatus;
  created_at: string;
  instance_id?: string;
  connection_url?: string;
  vnc_password?: string;
  auto_stop_minutes?: number;
};

export type Workspace = { id: string; name: string; created_at?: string; desktops?: Computer[] };

export type CreateComputerInput = {
  name: string;
  /** Defaults to the client's `workspaceId`. */
  workspaceId?: string;
  ram?: 4 | 8 | 16 | 32 | 64;
  cpu?: 1 | 2 | 4 | 8 | 16;
  diskSizeGb?: number;
  /** e.g. `1280x720x24`. */
  resolution?: string;
  /** Orgo's own idle stop, a safety net behind our reaper; 0 disables. */
  autoStopMinutes?: number;
};

export type MouseButton = "left" | "right";

export type ActionResult = { success: boolean; action: string; details?: Record<string, unknown> };

export type BashResult = { success: boolean; output: string; exitCode: number };

/** Pixel size parsed from a `resolution` string. */
export function parseResolution(resolution: string): { width: number; height: number } {
  const [width, height] = resolution.split("x").map(Number);
  if (!width || !height) throw new Error(`Unreadable Orgo resolution "${resolution}"`);
  return { width, height };
}

/** A file in Orgo's files API (uploaded to, or exported from, a desktop). */
export type OrgoFile = {
  id: string;
  name: string;
  size: number;
  content_type?: string;
  project_id?: string;
  desktop_id?: string | null;
  path?: string | null;
  created_at?: string;
  url?: string;
};
