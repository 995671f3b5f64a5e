/**
 * `node --import ./runtime/register.ts main.ts …`: Node 24 runs our `.ts`
 * files itself (type stripping; tsconfig's `erasableSyntaxOnly` keeps every
 * file strippable). What it cannot run is JSX, so the dashboard's `.tsx`
 * pages (hono/jsx) are compiled here by esbuild, in the loading thread
 * (`module.registerHooks`). tsx did both, at about a second of CPU per start
 * for its resolver and off-thread hooks; see the cold-start benchmark.
 */
import { readFileSync } from "node:fs";
import { registerHooks } from "node:module";
import { fileURLToPath } from "node:url";
import { transformSync } from "esbuild";

registerHooks({
  load(url, context, nextLoad) {
    if (!url.startsWith("file:") || !url.endsWith(".tsx") || url.includes("/node_modules/"))
      return nextLoad(url, context);
    const file = fileURLToPath(url);
    const { code } = transformSync(readFileSync(file, "utf8"), {
      loader: "tsx",
      format: "esm",
      jsx: "automatic",
      jsxImportSource: "hono/jsx",
      target: "es2024",
      sourcefile: file,
      sourcemap: "inline",
    });
    return { format: "module", source: code, shortCircuit: true };
  },
});
