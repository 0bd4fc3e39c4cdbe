// Writables that take over the memory of the chunks written to them (they detach it, as a byte
// transform's writable side does with a chunk that spans its whole ArrayBuffer): a writer that
// shares one chunk between several sinks (`fanOut`) gives such a sink a copy, or gives it last.

const taking = new WeakSet<WritableStream>();

/** Marks `stream` as a writable that may detach the memory of a chunk written to it. */
export function markTakesChunks(stream: WritableStream): void {
  taking.add(stream);
}

/** True when `stream` may detach (take over) the memory of a chunk written to it. */
export function takesChunks(stream: WritableStream): boolean {
  return taking.has(stream);
}
