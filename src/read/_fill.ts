// The BYOB loop under readInto, readAtLeast and readFull.

/**
 * Reads into `buf` through `reader` until at least `min` bytes (1 <= min <= buf.length) are in
 * it or the stream ends. Returns a view of the filled bytes at `buf`'s offset, on the memory the
 * reads handed back (`buf` itself is detached): shorter than `min` only when the stream ended,
 * `null` when it ended before any byte.
 *
 * Why not `reader.read(view, { min })`: when the source has already called `close()` with fewer
 * than `min` bytes still queued, the spec errors the whole stream with a `TypeError` (seen in Deno
 * and Bun) and the queued bytes are lost; reads of at least one byte never hit that case.
 */
export async function fillAtLeast(
  reader: ReadableStreamBYOBReader,
  buf: Uint8Array<ArrayBuffer>,
  min: number,
): Promise<Uint8Array | null> {
  const { byteOffset, length } = buf;
  let memory = buf.buffer;
  let filled = 0;
  while (filled < min) {
    const view = new Uint8Array(memory, byteOffset + filled, length - filled);
    const { done, value } = await reader.read(view);
    // A cancelled stream answers without the memory: nothing is left to return.
    if (value === undefined) return null;
    memory = value.buffer;
    if (done) break;
    filled += value.length;
  }
  return filled === 0 ? null : new Uint8Array(memory, byteOffset, filled);
}
