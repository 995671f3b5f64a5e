import { randomBytes, randomUUID } from "node:crypto";
import { applyAction, createDesktop, type DesktopAction } from "./desktop.ts";
import { notFound, OrgoApiError } from "./errors.ts";
import { createLayout } from "./layout.ts";
import { settle } from "./lifecycle.ts";
import type { ScreenRenderer } from "./renderer.ts";
import type {
  ActionLogEntry,
  ComputerRecord,
  SandboxSettings,
  StoredFile,
  Workspace,
} from "./types.ts";
import { createVmFs } from "./vm-fs.ts";

/** What a new computer is made from, already validated. */
export type NewComputer = {
  workspaceId: string;
  name: string;
  ram: number;
  cpu: number;
  diskSizeGb: number;
  resolution: string;
  autoStopMinutes: number;
};

/** The sandbox's in-memory world: workspaces, computers, files and their histories. */
export type SandboxStore = ReturnType<typeof createStore>;

/** Creates an empty store; time comes from `now`, delays from the live `settings`. */
export function createStore(deps: {
  now: () => number;
  settings: SandboxSettings;
  renderer: ScreenRenderer;
  maxStoredScreenshots: number;
  screenshotUrlTtlMs: number;
}) {
  const { now, settings, renderer } = deps;
  const workspaces = new Map<string, Workspace>();
  const computers = new Map<string, ComputerRecord>();
  const everCreated: ComputerRecord[] = [];
  const actionLog: ActionLogEntry[] = [];
  const files = new Map<string, StoredFile>();
  // Insertion-ordered, so the oldest screenshot is evicted first.
  const screenshots = new Map<string, { png: Buffer; at: number }>();
  const expired = (at: number) => at < now() - deps.screenshotUrlTtlMs;

  const bringUpToDate = (computer: ComputerRecord) => {
    if (settle(computer, now())) {
      computer.desktop = createDesktop(computer.layout, computer.lastActivityAt);
      computer.version += 1;
    }
    return computer;
  };

  return {
    createWorkspace(name: string, id: string = randomUUID()): Workspace {
      const workspace = { id, name, createdAt: now() };
      workspaces.set(id, workspace);
      return workspace;
    },
    listWorkspaces: (): Workspace[] => [...workspaces.values()],
    getWorkspace(id: string): Workspace {
      const workspace = workspaces.get(id);
      if (!workspace) throw notFound("Workspace");
      return workspace;
    },
    deleteWorkspace(id: string) {
      const workspace = this.getWorkspace(id);
      for (const computer of this.computersIn(workspace.id)) this.deleteComputer(computer.id);
      for (const file of files.values()) if (file.workspaceId === id) files.delete(file.id);
      workspaces.delete(id);
    },

    createComputer(input: NewComputer): ComputerRecord {
      this.getWorkspace(input.workspaceId);
      if (this.computersIn(input.workspaceId).some((c) => c.name === input.name)) {
        throw new OrgoApiError(
          409,
          `A computer named "${input.name}" already exists in this workspace`,
        );
      }
      const createdAt = now();
      const [width, height] = input.resolution.split("x").map(Number) as [number, number];
      const layout = createLayout(width, height);
      const computer: ComputerRecord = {
        ...input,
        id: randomUUID(),
        os: "linux",
        layout,
        status: "creating",
        pending: { status: "running", at: createdAt + settings.bootDelayMs },
        createdAt,
        deletedAt: null,
        instanceId: randomBytes(4).toString("hex"),
        vncPassword: randomBytes(6).toString("base64url"),
        lastActivityAt: createdAt,
        desktop: createDesktop(layout, createdAt),
        fs: createVmFs(),
        version: 0,
        frame: null,
        frameMemory: {},
        actions: [],
        screenshotTimes: [],
      };
      computers.set(computer.id, computer);
      everCreated.push(computer);
      return bringUpToDate(computer);
    },
    /** A live computer, its status brought up to now; 404 once deleted. */
    getComputer(id: string): ComputerRecord {
      const computer = computers.get(id);
      if (!computer) throw notFound("Computer");
      return bringUpToDate(computer);
    },
    computersIn(workspaceId: string): ComputerRecord[] {
      return [...computers.values()]
        .filter((c) => c.workspaceId === workspaceId)
        .map(bringUpToDate);
    },
    deleteComputer(id: string) {
      const computer = this.getComputer(id);
      computer.status = "deleting";
      computer.pending = null;
      computer.deletedAt = now();
      computers.delete(id);
    },
    /** Every computer ever created, deleted ones too, in creation order. */
    history: (): ComputerRecord[] =>
      everCreated.map((c) => (c.deletedAt === null ? bringUpToDate(c) : c)),

    /** Applies an action to the screen and records it in the computer's action log. */
    perform(
      computer: ComputerRecord,
      type: ActionLogEntry["type"],
      params: Record<string, unknown>,
      action: DesktopAction,
    ) {
      const at = now();
      applyAction(computer.desktop, action, {
        layout: computer.layout,
        now: at,
        fs: computer.fs,
        sites: settings.sites,
      });
      computer.version += 1;
      computer.lastActivityAt = at;
      const entry = { seq: actionLog.length + 1, computerId: computer.id, type, params, at };
      actionLog.push(entry);
      computer.actions.push(entry);
    },
    actionLog: (): readonly ActionLogEntry[] => actionLog,

    /** The PNG of the computer's screen now; re-rendered only when something changed. */
    renderScreen(computer: ComputerRecord): Buffer {
      if (computer.frame?.version !== computer.version) {
        const png = renderer.render(
          {
            layout: computer.layout,
            desktop: computer.desktop,
            name: computer.name,
            hostname: computer.instanceId,
          },
          computer.frameMemory,
        );
        computer.frame = { version: computer.version, png };
      }
      return computer.frame.png;
    },
    /** Keeps a screenshot for its URL, dropping the oldest past the limit. */
    keepScreenshot(id: string, png: Buffer) {
      screenshots.set(id, { png, at: now() });
      for (const [oldest, { at }] of screenshots) {
        if (screenshots.size <= deps.maxStoredScreenshots && !expired(at)) break;
        screenshots.delete(oldest);
      }
    },
    storedScreenshot(id: string): Buffer | undefined {
      const kept = screenshots.get(id);
      return kept && !expired(kept.at) ? kept.png : undefined;
    },

    addFile(file: Omit<StoredFile, "id" | "createdAt">): StoredFile {
      const stored = { ...file, id: randomUUID(), createdAt: now() };
      files.set(stored.id, stored);
      return stored;
    },
    getFile: (id: string): StoredFile | undefined => files.get(id),
    listFiles: (): StoredFile[] => [...files.values()],
  };
}
