// @ts-check
/**
 * `node --import ./runtime/register.js main.ts …`: Node 24 runs our `.ts`
 * files itself (type stripping; tsconfig's `erasableSyntaxOnly` keeps every
 * file strippable). What it cannot run is JSX, so the dashboard's `.tsx`
 * pages (hono/jsx) are compiled here by esbuild, in the loading thread
 * (`module.registerHooks`), and the result is kept on disk by the hash of the
 * source, so a warm start never spawns esbuild. V8's compile cache is on too.
 * tsx did all of this at about a second more CPU per start (its resolver and
 * off-thread hooks); see the cold-start row in bench/RESULTS.md.
 *
 * This one file is JavaScript (type-checked through JSDoc): Node loads its
 * TypeScript stripper (a WASM module, ~250 ms) on the first `.ts` it meets,
 * and the compile cache, which also keeps stripped sources, is only on once
 * this file has run. Written in TypeScript it would pay that on every start.
 *
 * Caches live in node_modules/.cache/mouse (gone with node_modules).
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire, enableCompileCache, registerHooks } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const CACHE = fileURLToPath(new URL("../node_modules/.cache/mouse/", import.meta.url));
const JSX_CACHE = join(CACHE, "jsx");
const require = createRequire(import.meta.url);

enableCompileCache(join(CACHE, "v8"));

/**
 * @param {string} file
 * @param {string} source
 * @returns {string}
 */
function compileJsx(file, source) {
  const key = createHash("sha256").update(file).update("\0").update(source).digest("hex");
  const cached = join(JSX_CACHE, `${key.slice(0, 32)}.js`);
  try {
    return readFileSync(cached, "utf8");
  } catch {
    // Not compiled yet.
  }
  /** @type {typeof import("esbuild")} */
  const { transformSync } = require("esbuild");
  const { code } = transformSync(source, {
    loader: "tsx",
    format: "esm",
    jsx: "automatic",
    jsxImportSource: "hono/jsx",
    target: "es2024",
    sourcefile: file,
    sourcemap: "inline",
  });
  try {
    mkdirSync(JSX_CACHE, { recursive: true });
    const partial = `${cached}.${process.pid}`;
    writeFileSync(partial, code);
    renameSync(partial, cached);
  } catch {
    // A read-only install still runs; it compiles again next time.
  }
  return code;
}

registerHooks({
  load(url, context, nextLoad) {
    if (!url.startsWith("file:") || !url.endsWith(".tsx") || url.includes("/node_modules/"))
      return nextLoad(url, context);
    const file = fileURLToPath(url);
    return {
      format: "module",
      source: compileJsx(file, readFileSync(file, "utf8")),
      shortCircuit: true,
    };
  },
});
