// A scanner that reads one chunk and returns: the window must still be released.
export default async function stopsEarly(chunks: AsyncIterable<Uint8Array>): Promise<number> {
  for await (const chunk of chunks) return chunk.length;
  return 0;
}
