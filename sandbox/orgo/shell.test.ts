import { describe, expect, it } from "vitest";
import { runPython } from "./python.ts";
import { runBash } from "./shell.ts";
import { createVmFs } from "./vm-fs.ts";

const run = (command: string, fs = createVmFs()) =>
  runBash(command, { fs, hostname: "a3881618", now: 0 });

describe("runBash", () => {
  it("handles quotes, variables and escapes", () => {
    expect(run(`echo "a  b" 'c $HOME' $USER \\$x`).output).toBe("a  b c $HOME user $x\n");
    expect(run("echo -n no newline").output).toBe("no newline");
  });

  it("chains with ; && || and stops at exit", () => {
    expect(run("false && echo no || echo yes; echo after")).toEqual({
      output: "yes\nafter\n",
      exitCode: 0,
    });
    expect(run("exit 3; echo never")).toEqual({ output: "", exitCode: 3 });
  });

  it("reads and writes the VM's disk with redirects, cd, ls, mkdir and rm", () => {
    const fs = createVmFs();
    expect(
      run("mkdir -p work/out && cd work && echo one > out/f.txt && echo two >> out/f.txt", fs)
        .exitCode,
    ).toBe(0);
    expect(run("cat work/out/f.txt", fs).output).toBe("one\ntwo\n");
    expect(run("ls ~", fs).output).toBe("Desktop\nDocuments\nDownloads\nwork\n");
    expect(run("rm -r work && ls work", fs)).toMatchObject({ exitCode: 2 });
    expect(run("cat nope.txt", fs)).toEqual({
      output: "cat: /home/user/nope.txt: No such file or directory\n",
      exitCode: 1,
    });
  });

  it("reports unknown commands, unsupported pipes and broken quoting like bash would", () => {
    expect(run("nmap localhost")).toEqual({
      output: "bash: nmap: command not found\n",
      exitCode: 127,
    });
    expect(run("ls | wc -l").exitCode).toBe(2);
    expect(run("echo 'open").exitCode).toBe(2);
  });
});

describe("runPython", () => {
  it("prints literals and fails on raise with a traceback", () => {
    expect(runPython("print('a')\nprint(42)", 10)).toEqual({
      success: true,
      output: "a\n42\n",
      timedOut: false,
    });
    const raised = runPython("x = 1\nraise RuntimeError('boom')", 10);
    expect(raised.success).toBe(false);
    expect(raised.output).toMatch(/line 2, in <module>\nRuntimeError: boom\n$/);
  });
});
