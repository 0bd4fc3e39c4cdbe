// A scanner that takes 5 ms per chunk, so a test can stop it part-way.
export async function scan(chunks: AsyncIterable<Uint8Array>): Promise<number> {
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += chunk.length;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return bytes;
}
