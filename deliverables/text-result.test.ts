import { describe, expect, it } from "vitest";
import { tableOf, textResultFile, toCsv } from "./text-result.ts";

const TABLE = `Here are the suppliers I found:

| Supplier | Price | Lead time |
| --- | ---: | --- |
| Acme Paper | 12.50 | 3 days |
| Bolt, Print & Co | 11.90 | 5 days |
| "Best" Sheets | 13.10 | 2 days |
| Pipe \\| Co | -4 | =HYPERLINK("http://x") |`;

describe("a long final answer as a file", () => {
  it("a table of findings becomes result.csv that a spreadsheet reads safely", () => {
    const file = textResultFile("Compare paper suppliers", TABLE);
    expect(file).toMatchObject({
      fileName: "result.csv",
      contentType: "text/csv",
      kind: "table",
    });
    expect(file.bytes.toString()).toBe(
      [
        "Supplier,Price,Lead time",
        "Acme Paper,12.50,3 days",
        '"Bolt, Print & Co",11.90,5 days',
        '"""Best"" Sheets",13.10,2 days',
        `Pipe | Co,-4,"'=HYPERLINK(""http://x"")"`,
        "",
      ].join("\r\n"),
    );
  });

  it("a report with prose around a small table, or no table, stays Markdown", () => {
    const prose = `${"A long paragraph about suppliers. ".repeat(20)}\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n${"More prose. ".repeat(20)}`;
    expect(tableOf(prose)).toBeUndefined();
    const report = textResultFile("Summarise", prose);
    expect(report).toMatchObject({ fileName: "result.md", kind: "full" });
    expect(report.bytes.toString()).toBe(`# Summarise\n\n${prose}\n`);
    // Pipe lines without a header separator are not a table either.
    expect(tableOf("| a | 1 |\n| b | 2 |\n| c | 3 |\n| d | 4 |")).toBeUndefined();
  });

  it("quotes what needs quoting and nothing else", () => {
    expect(toCsv([["plain", " padded", "line\nbreak", "+1", "+x", "@home"]])).toBe(
      `plain," padded","line\nbreak",+1,'+x,'@home\r\n`,
    );
  });
});
