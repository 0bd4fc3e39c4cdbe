// Reading a file of unknown size (a FIFO, a /proc file) to its end, shared by the adapters.

/**
 * Calls `readInto(view)` with fresh `step`-byte views until it returns 0 (the end), then joins what
 * arrived into one array of exactly that size.
 */
export function readToEnd(readInto: (view: Uint8Array) => number, step = 65536): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const part = new Uint8Array(step);
    const count = readInto(part);
    if (count === 0) break;
    parts.push(part.subarray(0, count));
    total += count;
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}
