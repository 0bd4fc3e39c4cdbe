// A scanner that throws on the window named by `data.failAt` once it has read a chunk; the others
// scan their windows slowly, so the failure stops them part-way.
export default async function throws(
  chunks: AsyncIterable<Uint8Array>,
  window: { index: number },
  data: unknown,
): Promise<number> {
  const failAt = (data as { failAt: number }).failAt;
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += chunk.length;
    if (window.index === failAt) throw new RangeError(`bad record in window ${window.index}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return bytes;
}
