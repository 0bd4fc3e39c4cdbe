// Where the scan Worker's module is, in whichever build this code runs from, and what keeps that
// module in the module graph. A `new URL("./x.ts", import.meta.url)` is not a dependency: JSR's
// npm build leaves it as written (it transpiles only graph modules to .js), `deno compile` does
// not embed what it names, and a bundler does not follow it.

/**
 * The URL of the Worker's module beside this one: `_scan_worker.ts` when this module runs from its
 * TypeScript source (Deno, Bun or Node from the sources, `deno compile`), `_scan_worker.js` when
 * it runs from JavaScript (JSR's npm build emits every graph module as `.js`; a Bun bundle or
 * compiled program is `.js`, or has no extension at all).
 */
export function scanWorkerUrl(): URL {
  const extension = new URL(import.meta.url).pathname.endsWith(".ts") ? "ts" : "js";
  return new URL(`./_scan_worker.${extension}`, import.meta.url);
}

/**
 * Never called: its literal import() is what makes the Worker's module a code dependency in the
 * module graph, so that JSR's npm build emits it as `.js` beside this module, `deno compile`
 * embeds it, and bundlers see it.
 */
export const scanWorkerModule = (): Promise<unknown> => import("./_scan_worker.ts");
