// A scanner that takes one chunk, then allocates until the heap is exhausted (run it in a child
// process with a small heap or address space: tests/faults/scan_worker_exit_test.ts).
export default async function exhaustsMemory(chunks: AsyncIterable<Uint8Array>): Promise<number> {
  const kept: number[][] = [];
  for await (const _chunk of chunks) {
    for (;;) kept.push(new Array(100_000).fill(kept.length + 0.5));
  }
  return kept.length;
}
