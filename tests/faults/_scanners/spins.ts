// A scanner that takes one chunk, adds 1 to word 0 of `data.flags` (it spins from now on), then
// spins in a synchronous loop for ever: it never yields, so only terminating its thread stops it.
// Run it on Workers only: in the calling thread it would stop the whole process.
export default async function spins(
  chunks: AsyncIterable<Uint8Array>,
  _window: unknown,
  data: { flags: SharedArrayBuffer },
): Promise<number> {
  const flags = new Int32Array(data.flags);
  let turns = 0;
  for await (const _chunk of chunks) {
    Atomics.add(flags, 0, 1);
    Atomics.notify(flags, 0);
    for (;;) turns++;
  }
  return turns;
}
