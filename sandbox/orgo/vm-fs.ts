import { posix } from "node:path";

/** The user's home on every sandbox VM, as on Orgo's desktops. */
export const HOME = "/home/user";

/** A VM's disk: survives stop/start, unlike what is on screen. */
export type VmFs = {
  read(path: string): Buffer | undefined;
  write(path: string, data: Buffer): void;
  isDir(path: string): boolean;
  mkdir(path: string): void;
  /** Names directly inside `dir` (directories end in "/"), sorted. */
  list(dir: string): string[];
  remove(path: string): boolean;
};

/** An in-memory disk with the usual home folders and a README on the Desktop. */
export function createVmFs(): VmFs {
  const files = new Map<string, Buffer>();
  const dirs = new Set<string>(["/"]);

  const mkdir = (path: string) => {
    for (let dir = path; dir !== "/" && !dirs.has(dir); dir = posix.dirname(dir)) dirs.add(dir);
  };
  for (const dir of ["Desktop", "Documents", "Downloads"]) mkdir(`${HOME}/${dir}`);
  mkdir("/tmp");

  const fs: VmFs = {
    read: (path) => files.get(path),
    write(path, data) {
      mkdir(posix.dirname(path));
      files.set(path, data);
    },
    isDir: (path) => dirs.has(path),
    mkdir,
    list(dir) {
      const prefix = dir === "/" ? "/" : `${dir}/`;
      const names = new Set<string>();
      for (const path of [...files.keys(), ...dirs]) {
        if (path === dir || !path.startsWith(prefix)) continue;
        const [name, ...deeper] = path.slice(prefix.length).split("/");
        names.add(deeper.length > 0 || dirs.has(path) ? `${name}/` : name!);
      }
      return [...names].sort();
    },
    remove(path) {
      if (files.delete(path)) return true;
      if (!dirs.has(path) || path === "/") return false;
      for (const key of [...files.keys()]) if (key.startsWith(`${path}/`)) files.delete(key);
      for (const key of [...dirs]) if (key === path || key.startsWith(`${path}/`)) dirs.delete(key);
      return true;
    },
  };
  fs.write(`${HOME}/Desktop/README.txt`, Buffer.from("Welcome to the Orgo sandbox desktop.\n"));
  return fs;
}

/** Resolves `path` as a shell would from `cwd`, expanding a leading `~`. */
export function resolvePath(cwd: string, path: string): string {
  const expanded = path === "~" || path.startsWith("~/") ? HOME + path.slice(1) : path;
  return posix.resolve(cwd, expanded);
}
