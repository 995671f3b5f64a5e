/**
 * A knight's long final answer as a file the customer can keep: a table of
 * findings (an answer that is mostly one Markdown table) as `result.csv`,
 * which opens in a spreadsheet, anything else (a summary, a report) as
 * `result.md`. The chat message shows the start of the answer; the file
 * holds all of it.
 *
 * The table's cells come from the web pages a knight read, so a cell that a
 * spreadsheet would run as a formula (`=…`, `+…`, `@…`, `-…` that is not a
 * number) is prefixed with `'`, as OWASP advises against CSV injection.
 */

export type TextResultFile = {
  fileName: "result.csv" | "result.md";
  /** A table of findings, or the full text (the caller titles it in the reader's language). */
  kind: "table" | "full";
  contentType: string;
  bytes: Buffer;
};

const ROW = /^\s*\|(.*)\|\s*$/;
const SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

/** The cells of a Markdown table row (`\|` is a literal bar inside a cell). */
function cells(line: string): string[] {
  const inner = ROW.exec(line)?.[1] ?? line;
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replaceAll("\\|", "|"));
}

/** The one Markdown table that makes up most of `text`, as rows of cells (header first). */
export function tableOf(text: string): string[][] | undefined {
  const lines = text.split("\n");
  const content = lines.filter((l) => l.trim() !== "");
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!ROW.test(lines[i]!) || !SEPARATOR.test(lines[i + 1]!)) continue;
    const header = cells(lines[i]!);
    const rows = [header];
    for (let j = i + 2; j < lines.length && ROW.test(lines[j]!); j++) rows.push(cells(lines[j]!));
    // A table of findings: at least three rows, and most of what the answer says.
    if (rows.length - 1 >= 3 && (rows.length + 1) / content.length >= 0.6) return rows;
    return undefined;
  }
  return undefined;
}

function csvCell(value: string): string {
  const safe =
    /^[=+\-@\t\r]/.test(value) && !/^[+-]?\d[\d,.]*%?$/.test(value) ? `'${value}` : value;
  return /[",\n\r]|^\s|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Rows of cells as CSV (RFC 4180: CRLF line ends, quotes doubled). */
export function toCsv(rows: string[][]): string {
  return `${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/** The file for a long final answer to `request`. */
export function textResultFile(request: string, text: string): TextResultFile {
  const table = tableOf(text);
  if (table)
    return {
      fileName: "result.csv",
      kind: "table",
      contentType: "text/csv",
      bytes: Buffer.from(toCsv(table)),
    };
  return {
    fileName: "result.md",
    kind: "full",
    contentType: "text/markdown",
    bytes: Buffer.from(`# ${request.slice(0, 200)}\n\n${text}\n`),
  };
}
