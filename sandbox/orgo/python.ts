/** What one `exec` call printed, whether it succeeded and whether it hit its timeout. */
export type PythonResult = { success: boolean; output: string; timedOut: boolean };

/**
 * A stand-in for running Python on the VM: it understands `print(...)` of
 * literals, `time.sleep(n)` against the timeout and `raise`, and ignores
 * everything else. Enough for clients to exercise success, failure and timeout.
 */
export function runPython(code: string, timeoutSeconds: number): PythonResult {
  let output = "";
  let slept = 0;
  const lines = code.split("\n");
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    const print = /^print\((.*)\)$/.exec(line);
    const sleep = /^(?:time\.)?sleep\(\s*([\d.]+)\s*\)$/.exec(line);
    const raised = /^raise\s+(\w+)(?:\((.*)\))?$/.exec(line);
    if (print) output += `${literal(print[1]!)}\n`;
    else if (sleep) {
      slept += Number(sleep[1]);
      if (slept > timeoutSeconds) return { success: false, output, timedOut: true };
    } else if (raised) {
      const message = raised[2] ? `: ${literal(raised[2])}` : "";
      const trace = `Traceback (most recent call last):\n  File "<string>", line ${index + 1}, in <module>\n`;
      return {
        success: false,
        output: `${output}${trace}${raised[1]}${message}\n`,
        timedOut: false,
      };
    }
  }
  return { success: true, output, timedOut: false };
}

function literal(expression: string): string {
  const text = expression.trim();
  const quoted = /^(['"])(.*)\1$/.exec(text);
  if (quoted) return quoted[2]!.replaceAll("\\n", "\n");
  return text;
}
