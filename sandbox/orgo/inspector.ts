import type { RequestLogEntry } from "./middleware.ts";
import type { SandboxStore } from "./store.ts";
import type { ActionLogEntry, ComputerRecord, ComputerStatus, Workspace } from "./types.ts";

/** A computer as tests see it, deleted ones included. */
export type ComputerSummary = {
  id: string;
  name: string;
  workspaceId: string;
  status: ComputerStatus;
  ram: number;
  cpu: number;
  resolution: string;
  createdAt: number;
  deletedAt: number | null;
  actionCount: number;
  screenshotCount: number;
};

/** What is on a computer's screen, as plain data. */
export type ScreenSnapshot = {
  text: string;
  cursor: { x: number; y: number };
  scroll: number;
  steps: number;
  terminal: string[];
  lastAction: string;
  /** The sign-in page on screen: where, its state, which fields hold something (never what). */
  page: {
    url: string;
    host: string;
    status: "form" | "signed_in" | "rejected";
    attempts: number;
    filled: boolean[];
  } | null;
};

/** Read-only views of everything the sandbox has seen, for assertions. */
export type SandboxInspector = {
  workspaces(): Workspace[];
  /** Every computer ever created, optionally only those in a workspace and/or with a name. */
  computers(filter?: { workspaceId?: string; name?: string }): ComputerSummary[];
  /** Actions in the order the desktops received them, for one computer or all. */
  actions(computerId?: string): ActionLogEntry[];
  screenshotCount(computerId?: string): number;
  /** When each screenshot of a computer was taken (ms), to check polling rates. */
  screenshotTimes(computerId: string): number[];
  /** What the computer's screen shows now. */
  screen(computerId: string): ScreenSnapshot;
  /** A file on the computer's disk, or undefined. */
  readFile(computerId: string, path: string): Buffer | undefined;
  /** Every call and its status, in the order they finished. */
  requests(): RequestLogEntry[];
  /** The PNG the computer's screen renders to now, without counting as a screenshot. */
  renderScreen(computerId: string): Buffer;
};

/** Builds the inspector over the store and the request log. */
export function createInspector(
  store: SandboxStore,
  requests: readonly RequestLogEntry[],
): SandboxInspector {
  const record = (id: string): ComputerRecord => {
    const found = store.history().find((c) => c.id === id);
    if (!found) throw new Error(`No computer ${id} was ever created in this sandbox`);
    return found;
  };
  return {
    workspaces: () => store.listWorkspaces().map((w) => ({ ...w })),
    computers: (filter = {}) =>
      store
        .history()
        .filter(
          (c) =>
            (filter.workspaceId === undefined || c.workspaceId === filter.workspaceId) &&
            (filter.name === undefined || c.name === filter.name),
        )
        .map(summarize),
    actions: (computerId) =>
      (computerId === undefined ? store.actionLog() : record(computerId).actions).map((a) => ({
        ...a,
      })),
    screenshotCount: (computerId) =>
      computerId === undefined
        ? store.history().reduce((sum, c) => sum + c.screenshotTimes.length, 0)
        : record(computerId).screenshotTimes.length,
    screenshotTimes: (computerId) => [...record(computerId).screenshotTimes],
    screen(computerId) {
      const { desktop } = record(computerId);
      return {
        text: desktop.lines.join("\n"),
        cursor: { ...desktop.cursor },
        scroll: desktop.scroll,
        steps: desktop.steps,
        terminal: [...desktop.terminal],
        lastAction: desktop.lastAction,
        page: desktop.page && {
          url: desktop.page.url,
          host: desktop.page.host,
          status: desktop.page.status,
          attempts: desktop.page.attempts,
          filled: desktop.page.values.map((v) => v.length > 0),
        },
      };
    },
    readFile: (computerId, path) => record(computerId).fs.read(path),
    requests: () => requests.map((r) => ({ ...r })),
    renderScreen: (computerId) => store.renderScreen(record(computerId)),
  };
}

function summarize(computer: ComputerRecord): ComputerSummary {
  return {
    id: computer.id,
    name: computer.name,
    workspaceId: computer.workspaceId,
    status: computer.status,
    ram: computer.ram,
    cpu: computer.cpu,
    resolution: computer.resolution,
    createdAt: computer.createdAt,
    deletedAt: computer.deletedAt,
    actionCount: computer.actions.length,
    screenshotCount: computer.screenshotTimes.length,
  };
}
