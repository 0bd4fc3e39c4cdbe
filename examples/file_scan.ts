/**
 * Counts the lines and the bytes of a file two zero-copy ways, in Deno and in Bun alike:
 *
 * - {@link scanMapped}: `mapFile` maps the file and the scan reads the page cache in place (Go's
 *   `mmap`), no copy at all.
 * - {@link scanStreamed}: `openFile` streams the file and every BYOB read lands in ONE reused
 *   buffer (Go's `os.File.Read(buf)` loop), a single copy from the kernel into that buffer.
 *
 * Run it on a file: `deno run --allow-read --allow-ffi examples/file_scan.ts FILE` or
 * `bun examples/file_scan.ts FILE`.
 *
 * @module
 */
import process from "node:process";
import { chunks, mapFile, openFile } from "@zerocopy/streams";

/** What a scan found: the same three numbers whatever the method. */
export interface ScanResult {
  /** Number of `\n` bytes. */
  lines: number;
  /** Number of bytes. */
  bytes: number;
  /** Sum of the offsets of every `\n`, modulo 2^32: tells apart files that only share counts. */
  fingerprint: number;
}

/** Tallies lines over consecutive pieces of one byte sequence. */
export class LineTally {
  #lines = 0;
  #bytes = 0;
  #fingerprint = 0;

  /** Counts the lines in `view`, the next piece of the data. Reads the view, keeps nothing. */
  add(view: Uint8Array): void {
    const base = this.#bytes;
    let lines = 0;
    let fingerprint = this.#fingerprint;
    for (let at = view.indexOf(10); at !== -1; at = view.indexOf(10, at + 1)) {
      lines++;
      fingerprint = (fingerprint + base + at) % 4294967296;
    }
    this.#lines += lines;
    this.#fingerprint = fingerprint;
    this.#bytes += view.length;
  }

  /** The counts so far. */
  result(): ScanResult {
    return { lines: this.#lines, bytes: this.#bytes, fingerprint: this.#fingerprint };
  }
}

/**
 * Scans a file through a read-only memory map: `file.bytes` IS the page cache, nothing is copied.
 *
 * The view is valid only until the mapping is closed, which `using` does at the end of the block
 * (after that the view has length 0 instead of pointing at unmapped memory).
 *
 * @param path The file to scan.
 * @param whileOpen Called while the file is still mapped (the demo samples memory there).
 */
export function scanMapped(path: string, whileOpen?: () => void): ScanResult {
  using file = mapFile(path, { advice: "sequential" }); // unmapped at the end of the block
  const tally = new LineTally();
  tally.add(file.bytes); // the page cache itself: no copy
  whileOpen?.();
  return tally.result();
}

/**
 * Scans a file through a byte stream and one reused buffer: each BYOB read fills `buffer` in place.
 *
 * Each view `chunks` yields aliases `buffer` and is valid until the next step of the loop.
 *
 * @param path The file to scan.
 * @param buffer The one buffer every read lands in (1 MiB by default).
 */
export async function scanStreamed(
  path: string,
  buffer: Uint8Array = new Uint8Array(1 << 20),
): Promise<ScanResult> {
  const tally = new LineTally();
  // Every read lands in `buffer`; each view is valid until the next step of the loop.
  for await (const view of chunks(await openFile(path), buffer)) tally.add(view);
  return tally.result();
}

if (import.meta.main) {
  const path = process.argv[2];
  if (path === undefined) throw new Error("usage: file_scan.ts FILE");
  const mapped = scanMapped(path);
  const streamed = await scanStreamed(path);
  console.log({ mapped, streamed });
}
