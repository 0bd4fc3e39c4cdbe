// Allocation of memory that reads land in. Not re-exported: an internal helper of src/read,
// src/buffer and src/file. (Figures and the choice of technique are documented below.)

import { checkInteger } from "./_validate.ts";

/**
 * Allocates `size` zeroed bytes whose start is page-aligned (so 64-byte aligned), in a fresh,
 * fixed-length, transferable `ArrayBuffer` of exactly `size` bytes (byteOffset 0).
 *
 * Why: read(2) into a destination that is not 64-byte aligned is several times slower on some
 * machines (the kernel's copy), and a plain `new Uint8Array(n)` is 16 bytes past a page boundary
 * in Deno. A resizable `ArrayBuffer` is page-aligned in Deno and Bun.
 *
 * @param size The number of bytes, an integer >= 0.
 * @returns A view of a new buffer of `size` bytes; nothing else aliases it.
 * @throws {TypeError} When `size` is not a number.
 * @throws {RangeError} When `size` is not an integer >= 0.
 */
export function allocateAligned(size: number): Uint8Array {
  checkInteger("allocate aligned memory", "size", size);
  return new Uint8Array(new ArrayBuffer(size, { maxByteLength: size }));
}
