import { HOME, resolvePath, type VmFs } from "./vm-fs.ts";

/** What one `bash` call printed and how it exited. */
export type ShellResult = { output: string; exitCode: number };

/** Facts about the VM a command can observe. */
export type ShellContext = {
  fs: VmFs;
  hostname: string;
  now: number;
  /** The desktop's active window, for `xdotool getactivewindow getwindowname` and `xdg-open`. */
  window?: { title: () => string; open: (address: string) => boolean };
};

type Token = { word: string } | { op: "&&" | "||" | ";" | "|" | ">" | ">>" };
type Outcome = { out: string; err: string; code: number; exit?: boolean };

const ENV: Record<string, string> = { HOME, USER: "user", SHELL: "/bin/bash", DISPLAY: ":0" };

/**
 * Runs `command` in a tiny simulated bash: words, quotes, `$VAR`, `;`, `&&`,
 * `||`, `>`/`>>` and a handful of coreutils over the VM's disk. Each call starts
 * in a fresh shell in the home directory, as Orgo's endpoint does.
 */
export function runBash(command: string, ctx: ShellContext): ShellResult {
  const tokens = tokenize(command);
  if (tokens === null) {
    return { output: "bash: -c: line 1: syntax error: unexpected end of file\n", exitCode: 2 };
  }
  let output = "";
  let code = 0;
  const state = { cwd: HOME };
  let skip = false;
  for (const segment of splitSequence(tokens)) {
    if (!skip) {
      const result = runSimple(segment.tokens, state, ctx);
      output += result.out + result.err;
      code = result.code;
      if (result.exit) break;
    }
    skip = (segment.next === "&&" && code !== 0) || (segment.next === "||" && code === 0);
  }
  return { output, exitCode: code };
}

function tokenize(command: string): Token[] | null {
  const tokens: Token[] = [];
  let word: string | null = null;
  const push = () => {
    if (word !== null) tokens.push({ word });
    word = null;
  };
  for (let i = 0; i < command.length; i++) {
    const char = command[i]!;
    const two = command.slice(i, i + 2);
    if (char === " " || char === "\t") push();
    else if (char === "\n" || char === ";") {
      push();
      tokens.push({ op: ";" });
    } else if (two === "&&" || two === "||" || two === ">>") {
      push();
      tokens.push({ op: two });
      i++;
    } else if (char === "|" || char === ">") {
      push();
      tokens.push({ op: char });
    } else if (char === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) return null;
      word = (word ?? "") + command.slice(i + 1, end);
      i = end;
    } else if (char === '"') {
      let text = "";
      for (i++; i < command.length && command[i] !== '"'; i++) {
        if (command[i] === "\\" && '"\\$'.includes(command[i + 1] ?? "")) text += command[++i];
        else if (command[i] === "$") [text, i] = expand(command, i, text);
        else text += command[i];
      }
      if (i >= command.length) return null;
      word = (word ?? "") + text;
    } else if (char === "\\") {
      word = (word ?? "") + (command[++i] ?? "");
    } else if (char === "$") {
      [word, i] = expand(command, i, word ?? "");
    } else {
      word = (word ?? "") + char;
    }
  }
  push();
  return tokens;
}

function expand(command: string, at: number, text: string): [string, number] {
  const match = /^\$(?:\{(\w+)\}|(\w+))/.exec(command.slice(at));
  if (!match) return [`${text}$`, at];
  return [text + (ENV[match[1] ?? match[2]!] ?? ""), at + match[0].length - 1];
}

function splitSequence(tokens: Token[]): { tokens: Token[]; next: string }[] {
  const segments: { tokens: Token[]; next: string }[] = [];
  let current: Token[] = [];
  for (const token of tokens) {
    if ("op" in token && (token.op === ";" || token.op === "&&" || token.op === "||")) {
      if (current.length > 0) segments.push({ tokens: current, next: token.op });
      current = [];
    } else current.push(token);
  }
  if (current.length > 0) segments.push({ tokens: current, next: ";" });
  return segments;
}

function runSimple(tokens: Token[], state: { cwd: string }, ctx: ShellContext): Outcome {
  const words: string[] = [];
  let redirect: { path: string; append: boolean } | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if ("word" in token) words.push(token.word);
    else if (token.op === "|") return fail("sandbox: pipes are not simulated\n", 2);
    else {
      const target = tokens[i + 1];
      if (!target || !("word" in target))
        return fail("bash: syntax error near unexpected token `newline'\n", 2);
      redirect = { path: resolvePath(state.cwd, target.word), append: token.op === ">>" };
      i++;
    }
  }
  const result = words.length > 0 ? runCommand(words[0]!, words.slice(1), state, ctx) : ok("");
  if (!redirect) return result;
  if (ctx.fs.isDir(redirect.path)) return fail(`bash: ${redirect.path}: Is a directory\n`, 1);
  const before = redirect.append
    ? (ctx.fs.read(redirect.path) ?? Buffer.alloc(0))
    : Buffer.alloc(0);
  ctx.fs.write(redirect.path, Buffer.concat([before, Buffer.from(result.out)]));
  return { ...result, out: "" };
}

function runCommand(
  name: string,
  args: string[],
  state: { cwd: string },
  ctx: ShellContext,
): Outcome {
  const { fs } = ctx;
  const paths = () =>
    args.filter((arg) => !arg.startsWith("-")).map((arg) => resolvePath(state.cwd, arg));
  switch (name) {
    case "echo": {
      const noNewline = args[0] === "-n";
      return ok(args.slice(noNewline ? 1 : 0).join(" ") + (noNewline ? "" : "\n"));
    }
    case "pwd":
      return ok(`${state.cwd}\n`);
    case "cd": {
      const target = resolvePath(state.cwd, args[0] ?? HOME);
      if (!fs.isDir(target)) return fail(`bash: cd: ${args[0]}: No such file or directory\n`, 1);
      state.cwd = target;
      return ok("");
    }
    case "ls":
      return list(
        fs,
        paths().length > 0 ? paths() : [state.cwd],
        args.some((a) => /^-\w*a/.test(a)),
      );
    case "cat": {
      let out = "";
      for (const path of paths()) {
        const data = fs.read(path);
        if (data === undefined)
          return { out, err: `cat: ${path}: No such file or directory\n`, code: 1 };
        out += data.toString("utf8");
      }
      return ok(out);
    }
    case "touch":
      for (const path of paths())
        if (!fs.read(path) && !fs.isDir(path)) fs.write(path, Buffer.alloc(0));
      return ok("");
    case "mkdir":
      for (const path of paths()) fs.mkdir(path);
      return ok("");
    case "rm": {
      const force = args.some((a) => /^-\w*f/.test(a));
      for (const path of paths()) {
        if (!fs.remove(path) && !force)
          return fail(`rm: cannot remove '${path}': No such file or directory\n`, 1);
      }
      return ok("");
    }
    case "whoami":
      return ok("user\n");
    case "hostname":
      return ok(`${ctx.hostname}\n`);
    case "date":
      return ok(`${new Date(ctx.now).toUTCString()}\n`);
    case "uname":
      return ok(args.includes("-a") ? `Linux ${ctx.hostname} 6.8.0 x86_64 GNU/Linux\n` : "Linux\n");
    case "true":
    case "sleep":
      return ok("");
    case "xdotool":
      if (args.join(" ") === "getactivewindow getwindowname")
        return ok(`${ctx.window?.title() ?? "notes.txt - Editor"}\n`);
      return fail("sandbox: only `xdotool getactivewindow getwindowname` is simulated\n", 1);
    case "xdg-open":
      if (args[0] && ctx.window?.open(args[0])) return ok("");
      return fail(`xdg-open: no sandbox site at ${args[0] ?? "(nothing)"}\n`, 4);
    case "false":
      return fail("", 1);
    case "exit":
      return { out: "", err: "", code: Number.parseInt(args[0] ?? "0", 10) || 0, exit: true };
    default:
      return fail(`bash: ${name}: command not found\n`, 127);
  }
}

function list(fs: VmFs, paths: string[], all: boolean): Outcome {
  let out = "";
  for (const path of paths) {
    if (fs.isDir(path)) {
      const names = fs.list(path).filter((n) => all || !n.startsWith("."));
      out +=
        names.map((n) => (n.endsWith("/") ? n.slice(0, -1) : n)).join("\n") +
        (names.length ? "\n" : "");
    } else if (fs.read(path) !== undefined) out += `${path}\n`;
    else return { out, err: `ls: cannot access '${path}': No such file or directory\n`, code: 2 };
  }
  return ok(out);
}

function ok(out: string): Outcome {
  return { out, err: "", code: 0 };
}

function fail(err: string, code: number): Outcome {
  return { out: "", err, code };
}
