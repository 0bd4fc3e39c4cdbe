// File scans: deliver a whole file to JavaScript and scan every byte, in each way a user could.
// The "memory" variant scans bytes already in memory: the denominator of delivery efficiency.
import { statSync } from "node:fs";
import type { CaseSpec, Check, Pass } from "../harness/_case.ts";
import { need } from "./_library.ts";
import { copyingRechunk } from "./_plain_transforms.ts";
import { defaultFileStream, readSyncLoop, readWholeFile } from "./_runtime_reads.ts";

/** Bytes absent from the text files: `indexOf` of it scans the whole chunk. */
const ABSENT = 0;
const NEWLINE = 10;

/** Accumulates what a scan finds across the chunks of one pass. */
class Scanner {
  bytes = 0;
  chunks = 0;
  found = 0;
  newlines = 0;
  sum = 0;
  readonly #mode: "absent" | "lines" | "check";

  constructor(mode: "absent" | "lines" | "check") {
    this.#mode = mode;
  }

  scan(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    this.chunks++;
    if (this.#mode === "absent") {
      if (chunk.indexOf(ABSENT) !== -1) this.found++;
      return;
    }
    let at = chunk.indexOf(NEWLINE);
    while (at !== -1) {
      this.newlines++;
      at = chunk.indexOf(NEWLINE, at + 1);
    }
    if (this.#mode === "check") {
      let sum = 0;
      for (let i = 0; i < chunk.length; i++) sum += chunk[i];
      this.sum += sum;
    }
  }

  result(): Check {
    const check: Check = { bytes: this.bytes, chunks: this.chunks };
    if (this.#mode === "absent") check.found = this.found;
    else check.newlines = this.newlines;
    if (this.#mode === "check") check.sum = this.sum;
    return check;
  }
}

const MiB = 1 << 20;
const RECORD = 64 * 1024;

/** Builds the timed pass of a scan case. */
export async function scanPass(spec: CaseSpec): Promise<Pass> {
  const path = spec.file!;
  const mode = spec.mode ?? "absent";
  const bytes = statSync(path).size;
  const scanAll = async (stream: ReadableStream<Uint8Array>, scanner: Scanner) => {
    for await (const chunk of stream) scanner.scan(chunk);
  };
  switch (spec.variant) {
    case "memory": {
      const data = await readWholeFile(path);
      return { bytes, run: () => scanOne(data, mode) };
    }
    case "mapFile":
    case "mapFile-populate": {
      const { mapFile } = need("mapFile");
      const options = spec.variant === "mapFile" ? {} : { populate: true };
      return {
        bytes,
        run: () => {
          const mapping = mapFile(path, options);
          try {
            return { ...scanOne(mapping.bytes, mode), mapped: mapping.mapped ? 1 : 0 };
          } finally {
            mapping.close();
          }
        },
      };
    }
    case "readFile":
      return { bytes, run: async () => scanOne(await readWholeFile(path), mode) };
    case "default-stream":
      return {
        bytes,
        run: async () => {
          const scanner = new Scanner(mode);
          await scanAll(await defaultFileStream(path), scanner);
          return scanner.result();
        },
      };
    case "readSync-loop": {
      // Placed as chunks(stream, 1 MiB) places its own buffer (48 bytes into a padded buffer).
      const buffer = new Uint8Array(new ArrayBuffer(MiB + 64), 48, MiB);
      return {
        bytes,
        run: () => {
          const scanner = new Scanner(mode);
          readSyncLoop(path, buffer, (view) => scanner.scan(view));
          return scanner.result();
        },
      };
    }
    case "openFile-chunks":
    case "openFile-chunks-aligned": {
      const { openFile, chunks } = need("openFile", "chunks");
      // chunks(stream, n) allocates its buffer where reads are fast (allocateAligned); the other
      // variant passes a plain `new Uint8Array`, which Deno may place 16 bytes past a page
      // boundary, where the kernel's copy into it is several times slower.
      const buffer = () => spec.variant === "openFile-chunks" ? MiB : new Uint8Array(MiB);
      return {
        bytes,
        run: async () => {
          const scanner = new Scanner(mode);
          for await (const view of chunks(await openFile(path), buffer())) scanner.scan(view);
          return scanner.result();
        },
      };
    }
    case "openFile-FixedChunkStream-chunks": {
      const { openFile, chunks, FixedChunkStream } = need("openFile", "chunks", "FixedChunkStream");
      return {
        bytes,
        run: async () => {
          const scanner = new Scanner(mode);
          const records = (await openFile(path)).pipeThrough(new FixedChunkStream(RECORD));
          for await (const view of chunks(records, RECORD)) scanner.scan(view);
          return scanner.result();
        },
      };
    }
    case "openFile-plain-rechunk": {
      const { openFile } = need("openFile");
      return {
        bytes,
        run: async () => {
          const scanner = new Scanner(mode);
          await scanAll((await openFile(path)).pipeThrough(copyingRechunk(RECORD)), scanner);
          return scanner.result();
        },
      };
    }
    default:
      throw new Error(`unknown scan variant ${spec.variant}`);
  }
}

function scanOne(data: Uint8Array, mode: "absent" | "lines" | "check"): Check {
  const scanner = new Scanner(mode);
  scanner.scan(data);
  return scanner.result();
}
