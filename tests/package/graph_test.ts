// Every module the package loads at run time is in the module graph of mod.ts as a code
// dependency, by a literal specifier: JSR's npm build emits only graph modules as .js (rewriting
// only literal specifiers), `deno compile` embeds only code dependencies, and a bundler follows
// only what it can read. A `new URL("./x.ts", import.meta.url)` or an `import type` is none of these.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { run } from "../file/_subprocess.ts";
import { root, succeeded } from "./_install.ts";
import { runtimeLoadedModules, scanWorker } from "./_graph.ts";

const deno = join(root, "node_modules", ".bin", "deno");
// TypeScript's parser (the one tsd ships), for what a regular expression would misread.
const ts: typeof import("@tsd/typescript") = createRequire(import.meta.url)(
  join(root, "node_modules", "@tsd", "typescript"),
);
type Node = import("@tsd/typescript").Node;

interface GraphModule {
  specifier: string;
  dependencies?: { code?: { specifier: string } }[];
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("the module graph of mod.ts", {
  skip: existsSync(deno) ? false : "needs npm ci (deno in node_modules)",
}, () => {
  it("reaches every module loaded at run time through code dependencies", {
    timeout: 60_000,
  }, async () => {
    const result = succeeded(
      "deno info --json mod.ts",
      await run([deno, "info", "--json", "mod.ts"], { timeoutMs: 50_000 }),
    );
    const { modules } = JSON.parse(result.stdout) as { modules: GraphModule[] };
    const bySpecifier = new Map(modules.map((module) => [module.specifier, module]));
    // From mod.ts through code dependencies only (an `import type` has none).
    const reached = new Set<string>();
    const queue = [pathToFileURL(join(root, "mod.ts")).href];
    while (queue.length > 0) {
      const specifier = queue.pop()!;
      if (reached.has(specifier)) continue;
      reached.add(specifier);
      for (const dependency of bySpecifier.get(specifier)?.dependencies ?? []) {
        if (dependency.code?.specifier.startsWith("file:")) queue.push(dependency.code.specifier);
      }
    }
    const local = [...reached].map((url) => relative(root, fileURLToPath(url)));
    const expected = runtimeLoadedModules();
    assert.ok(expected.includes(scanWorker) && expected.length >= 5, expected.join(", "));
    assert.deepEqual(expected.filter((module) => !local.includes(module)), []);
  });

  it("names no module by URL but the scan Worker's", () => {
    // new URL(<text>, import.meta.url) in code (not in comments or strings), by TypeScript's parser.
    const byUrl: string[] = [];
    for (const file of sources(join(root, "src"))) {
      const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
      const visit = (node: Node): void => {
        if (
          ts.isNewExpression(node) && node.expression.getText(source) === "URL" &&
          node.arguments?.[1]?.getText(source) === "import.meta.url"
        ) {
          byUrl.push(`${relative(root, file)}: ${node.arguments[0].getText(source)}`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    assert.deepEqual(byUrl, ["src/parallel/_scan_worker_url.ts: `./_scan_worker.${extension}`"]);
  });
});
