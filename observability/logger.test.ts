import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.ts";

describe("the logger's redaction", () => {
  it("blanks the vault's values wherever a careless log line would carry them", () => {
    const lines: string[] = [];
    const logger = createLogger(
      { level: "info" },
      { write: (line: string) => void lines.push(line) },
    );
    logger.info(
      {
        password: "top-level-pw",
        totpSeed: "JBSWY3DPEHPK3PXP",
        login: { password: "nested-pw", totpSeed: "GEZDGNBVGY3TQOJQ", label: "Wix" },
      },
      "a login",
    );
    const line = lines.join("");
    for (const value of ["top-level-pw", "JBSWY3DPEHPK3PXP", "nested-pw", "GEZDGNBVGY3TQOJQ"])
      expect(line).not.toContain(value);
    expect(line).toContain('"label":"Wix"');
    expect(line).toContain("[redacted]");
  });
});
