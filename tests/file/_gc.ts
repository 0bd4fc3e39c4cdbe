// A full garbage collection from a child script, in whichever runtime runs it.

/** A full collection, in whichever runtime this is. */
export function collectGarbage(): void {
  const global = globalThis as unknown as {
    Bun?: { gc(force: boolean): void };
    gc?: () => void;
  };
  if (global.Bun) global.Bun.gc(true);
  else if (global.gc) global.gc();
  else throw new Error("no way to collect garbage: run Deno with --v8-flags=--expose-gc");
}
