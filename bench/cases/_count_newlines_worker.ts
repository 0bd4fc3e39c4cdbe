// The worker module of the parallel cases: counts the newlines and bytes of one window.
export default async function countNewlines(
  chunks: AsyncIterable<Uint8Array>,
): Promise<{ newlines: number; bytes: number }> {
  let newlines = 0;
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += chunk.length;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) newlines++;
  }
  return { newlines, bytes };
}
