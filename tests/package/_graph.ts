// The modules the package loads at run time rather than by a static import: the runtime adapters
// and thread modules (a literal import() chosen at run time) and the scan Worker's module (started
// by URL). Each must be reachable from mod.ts through code dependencies, so that JSR's npm build
// emits it as .js, `deno compile` embeds it and bundlers see it.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { root } from "./_install.ts";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** The Worker's module, started by URL (src/parallel/_scan_worker_url.ts). */
export const scanWorker = "src/parallel/_scan_worker.ts";

/** Every module of src/ named by a literal import(), and the scan Worker's, from the root. */
export function runtimeLoadedModules(): string[] {
  const found = new Set([scanWorker]);
  for (const file of sources(join(root, "src"))) {
    const text = readFileSync(file, "utf8");
    for (const [, specifier] of text.matchAll(/\bimport\(\s*"(\.{1,2}\/[^"]+)"\s*\)/g)) {
      found.add(relative(root, join(dirname(file), specifier)));
    }
  }
  return [...found].sort();
}
