// A scanner that takes one chunk, then spins in a synchronous loop for ever: it never yields, so
// only terminating its thread stops it. Run it on Workers only: in the calling thread it would
// stop the whole process.
export default async function spins(chunks: AsyncIterable<Uint8Array>): Promise<number> {
  let turns = 0;
  for await (const _chunk of chunks) {
    for (;;) turns++;
  }
  return turns;
}
