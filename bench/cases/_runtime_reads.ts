// The runtimes' usual ways of reading a file: the baselines users would otherwise write, measured
// beside the library's file sources. The library itself keeps runtime code in src/runtime/; the
// benchmarks call the runtimes directly because those calls ARE the baselines.
import { closeSync, openSync, readSync } from "node:fs";

interface BunFile {
  arrayBuffer(): Promise<ArrayBuffer>;
  stream(): ReadableStream<Uint8Array>;
}

interface BunGlobal {
  file(path: string): BunFile;
}

const bun = (globalThis as { Bun?: BunGlobal }).Bun;

/** The usual whole-file read: `Deno.readFile` or `Bun.file().arrayBuffer()`. */
export async function readWholeFile(path: string): Promise<Uint8Array> {
  if (bun === undefined) return await Deno.readFile(path);
  return new Uint8Array(await bun.file(path).arrayBuffer());
}

/** The runtime's default file stream: `FsFile.readable` or `Bun.file().stream()`. */
export async function defaultFileStream(path: string): Promise<ReadableStream<Uint8Array>> {
  if (bun === undefined) return (await Deno.open(path)).readable;
  return bun.file(path).stream();
}

/**
 * A read loop written by hand, with no stream at all: the runtime's synchronous read
 * (`FsFile.readSync` in Deno, `node:fs` `readSync` in Bun) into one reused buffer, calling
 * `onChunk` with each filled view; returns once the whole file is read.
 */
export function readSyncLoop(
  path: string,
  buffer: Uint8Array,
  onChunk: (view: Uint8Array) => void,
): void {
  if (bun === undefined) {
    using file = Deno.openSync(path);
    for (let count = file.readSync(buffer); count; count = file.readSync(buffer)) {
      onChunk(buffer.subarray(0, count));
    }
    return;
  }
  const fd = openSync(path, "r");
  try {
    let position = 0;
    for (;;) {
      const count = readSync(fd, buffer, 0, buffer.length, position);
      if (count === 0) return;
      position += count;
      onChunk(buffer.subarray(0, count));
    }
  } finally {
    closeSync(fd);
  }
}
