/**
 * How the sandbox King Mouse picks a role, as a real model would from its
 * prompt: it reads the catalogue lines the product writes into the system
 * prompt ("- key (Name): pitch Pick when: a, b or c.") and takes the role
 * whose "pick when" terms the request mentions most. A term of several words (terms part at commas, "or" and "and")
 * needs all of them; words compare by their stem (the first letters they
 * share), so "suppliers" meets "supplier" and "booking" meets "bookings".
 * Deterministic, and driven only by the catalogue the product sent.
 */

export type CatalogueLine = { key: string; name: string; terms: string[][] };

const LINE = /^- ([a-z][a-z0-9_]*) \(([^)]+)\): .*?Pick when: (.+?)\.(?: \(|$)/;
const SHORT = 4;
const IGNORED = new Set(["with", "from", "that", "this", "other", "your", "their", "when"]);

/** The catalogue lines of a King Mouse system prompt. */
export function catalogueFrom(system: string): CatalogueLine[] {
  const lines: CatalogueLine[] = [];
  for (const line of system.split("\n")) {
    const match = LINE.exec(line.trim());
    if (!match) continue;
    const terms = match[3]!
      .split(/[,;]|\b(?:or|and)\b/)
      .map((term) => words(term))
      .filter((term) => term.length > 0);
    lines.push({ key: match[1]!, name: match[2]!, terms });
  }
  return lines;
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= SHORT && !IGNORED.has(w));
}

/** Two words are the same word when they share their first letters (at least four, up to five). */
function sameWord(a: string, b: string): boolean {
  const need = Math.min(5, a.length, b.length);
  let shared = 0;
  while (shared < need && a[shared] === b[shared]) shared++;
  return shared >= need;
}

/** The catalogue key that best fits `text`, or undefined when no role's terms are mentioned. */
export function pickRole(text: string, system: string): string | undefined {
  const said = words(text);
  let best: { key: string; score: number } | undefined;
  for (const role of catalogueFrom(system)) {
    const score = role.terms.filter((term) =>
      term.every((w) => said.some((s) => sameWord(w, s))),
    ).length;
    if (score > 0 && (!best || score > best.score)) best = { key: role.key, score };
  }
  return best?.key;
}
