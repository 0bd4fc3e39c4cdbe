// A child process for map_file_writable_fallback_test.ts: writable windows read into memory (the
// fallback of mapFile), under conditions the parent sets up (a file size limit, no FFI). Each
// operation prints "hold" and waits for a line on stdin while the parent counts the child's
// descriptors from outside (Deno reads /proc/self only with --allow-all), then one JSON line.
//   fail PATH OFFSET     writes the window [OFFSET, OFFSET + 16), then flush() and close(); under
//                        a file size limit below OFFSET both fail (EFBIG): reports both errors
//   forget PATH COUNT    opens COUNT writable windows, drops them without close(), and collects
//                        garbage (Deno needs --v8-flags=--expose-gc)
// Deno runs it without --allow-ffi, so the public mapFile falls back by itself. Bun always maps:
// there the node:fs fallback adapter is used, through the same core.
import process from "node:process";
import { collectGarbage } from "./_gc.ts";
import { hold } from "./_hold.ts";
import { mapFile, type MapOptions, type MappedFile } from "../../mod.ts";
import { mapWith } from "../../src/file/_map.ts";
import { fallbackRuntime } from "../../src/runtime/fallback.ts";

const [operation, path, argument] = process.argv.slice(2);

const open = (file: string, options: MapOptions): MappedFile =>
  "Bun" in globalThis ? mapWith(fallbackRuntime, file, options) : mapFile(file, options);

function describeError(error: unknown): Record<string, unknown> {
  const { name, message, code, path, cause } = error as Record<string, unknown>;
  return { name, message, code, path, hasCause: cause !== undefined };
}

function attempt(work: () => void): Record<string, unknown> | null {
  try {
    work();
    return null;
  } catch (error) {
    return describeError(error);
  }
}

// Opens and drops the files in a frame of its own, so no stack slot keeps the last one alive.
function forget(count: number): number {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += open(path, { writable: true, length: 1 }).bytes[0];
  return sum;
}

try {
  if (operation === "fail") {
    const file = open(path, { writable: true, offset: Number(argument), length: 16 });
    file.bytes.fill(33);
    const flushError = attempt(() => file.flush());
    const closeError = attempt(() => file.close());
    const secondClose = attempt(() => file.close());
    hold();
    console.log(JSON.stringify({
      ok: true,
      mapped: file.mapped,
      flushError,
      closeError,
      secondClose,
      lengthAfterClose: file.bytes.length,
    }));
  } else if (operation === "forget") {
    const sum = forget(Number(argument));
    for (let round = 0; round < 30; round++) {
      collectGarbage();
      // Finalizers run from the event loop: give it turns.
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    hold();
    console.log(JSON.stringify({ ok: true, sum }));
  } else {
    throw new Error(`unknown operation ${operation}`);
  }
} catch (error) {
  console.log(JSON.stringify({ ok: false, ...describeError(error) }));
}
