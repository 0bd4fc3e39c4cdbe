// Allocating the memory that reads land in, so the kernel's copy into it runs at full speed.
// Not re-exported: a helper of src/read, the ByteBuffer core and src/file.
//
// Why (2-core AMD EPYC, Linux 6.18, a 256 MiB file in the page cache, node:fs readSync in a loop,
// best of 3, GB/s, Deno 2.9.6 and Bun 1.4.5 alike): read(2) copies from page-cache pages, which
// start on a page boundary. A destination 1 to 31 bytes past a page boundary makes that copy
// stall (4 KiB aliasing between its loads and stores): 4 KiB reads 1.0-1.6 instead of 2.0-3.4,
// 64 KiB reads 1.7-2.0 instead of 6.3-6.9, 1 MiB reads 1.9-2.1 instead of 7.0-7.9. Offsets 0
// and 32..4095 are all fast (swept: 0, 32, 48, 64, ..., 3472, 4080, 4088). C shows the same
// (bench/_limit.c: read into a buffer 16 bytes past a page, 0.12 of the aligned efficiency).
//
// Where buffers land (pointers read with Deno FFI and bun:ffi): Deno's ArrayBuffers of 128 KiB
// or more are glibc malloc's mmap'd chunks, which start 16 bytes past a page: in the slow band
// (1 MiB: 2.2 GB/s; the same memory read at +48: 8.7). Once such a chunk is freed, glibc raises
// its mmap threshold and later buffers come from the heap, at any 16-aligned offset (hence
// bimodal timings). Smaller buffers always come from the heap. Bun's buffers of 4 KiB or more
// start on a page boundary.
//
// What was tried: a resizable `new ArrayBuffer(n, { maxByteLength: n })` is page-aligned in both
// runtimes, but in Deno the first BYOB read moves it into a fresh fixed-length buffer (a copy,
// landing 16 past a page again), V8's `transfer()` of a resizable buffer copies (600 µs per MiB),
// `transferToFixedLength()` gives malloc memory (16 past a page in Deno, measured), and our byte
// transforms copy a resizable chunk instead of moving it. So: allocate 64 bytes more and start
// the view 48 bytes in. Deno's +16 becomes +64 and Bun's +0 becomes +48, both fast; a buffer at
// an arbitrary 16-aligned heap address lands in the slow band 1 time in 256, as often as without
// the padding. The buffer stays plain: fixed-length, not shared, moved (not copied) by transfer.
// Same process per pass, chunks() over 256 MiB, 1 MiB buffer, Deno: openFile 0.75 -> 1.25 GB/s,
// FsFile.readable 0.73 -> 0.97 (the scan, V8's indexOf at ~2.8 GB/s, bounds the rest).

import { checkInteger } from "./_validate.ts";

/** The bytes allocated beyond the view: 48 before it, 16 after it. */
const PAD_BYTES = 64;
/** Where the view starts in its buffer: Deno's 16 past a page + 48 = 64; Bun's 0 + 48 = 48. */
const PAD_OFFSET = 48;
/** Below this size a read is one short copy: the padding buys too little to be worth it. */
const PAD_MIN_SIZE = 4096;

/**
 * Allocates `size` zeroed bytes placed so that read(2) into them runs at full speed (see the
 * comment at the top of this file for the measurements).
 *
 * From 4096 bytes on, the result is a view at byteOffset 48 of a new plain (fixed-length, not
 * shared, transferable) ArrayBuffer of `size + 64` bytes; below, a plain `new Uint8Array(size)`.
 * Nothing else aliases the memory, and nothing ever uses the padding. Because the view is
 * partial, a byte transform copies it rather than taking the buffer over.
 *
 * @param size The number of bytes, an integer >= 0.
 * @returns A view of `size` bytes of new zeroed memory.
 * @throws {TypeError} When `size` is not a number.
 * @throws {RangeError} When `size` is not an integer >= 0, or the runtime cannot allocate it.
 */
export function allocateAligned(size: number): Uint8Array<ArrayBuffer> {
  checkInteger("allocate aligned memory", "size", size);
  if (size < PAD_MIN_SIZE) return new Uint8Array(size);
  return new Uint8Array(new ArrayBuffer(size + PAD_BYTES), PAD_OFFSET, size);
}
