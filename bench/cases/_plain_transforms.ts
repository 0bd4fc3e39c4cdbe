// The baselines for the byte transforms: what a user writes with a plain TransformStream.

/** Re-chunks into `size`-byte chunks by copying every byte into a fresh chunk; the last may be
 * short. One copy per byte and one allocation per output chunk. */
export function copyingRechunk(size: number): TransformStream<Uint8Array, Uint8Array> {
  let pending = new Uint8Array(size);
  let filled = 0;
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      let offset = 0;
      while (offset < chunk.length) {
        const n = Math.min(size - filled, chunk.length - offset);
        pending.set(chunk.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
        if (filled === size) {
          controller.enqueue(pending);
          pending = new Uint8Array(size);
          filled = 0;
        }
      }
    },
    flush(controller) {
      if (filled > 0) controller.enqueue(pending.subarray(0, filled));
    },
  });
}

/** Splits on `delimiter` (dropped from the output) by concatenating the unfinished tail of one
 * chunk with the next; records are views of the chunk or of the concatenation. */
export function concatenatingSplit(delimiter: number): TransformStream<Uint8Array, Uint8Array> {
  let tail: Uint8Array = new Uint8Array(0);
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      let data = chunk;
      if (tail.length > 0) {
        data = new Uint8Array(tail.length + chunk.length);
        data.set(tail);
        data.set(chunk, tail.length);
      }
      let start = 0;
      let at = data.indexOf(delimiter);
      while (at !== -1) {
        controller.enqueue(data.subarray(start, at));
        start = at + 1;
        at = data.indexOf(delimiter, start);
      }
      tail = data.subarray(start);
    },
    flush(controller) {
      if (tail.length > 0) controller.enqueue(tail);
    },
  });
}
