// A scanner that takes one chunk and then never asks for another, nor returns: only terminating
// its Worker (or, in the calling thread, giving up on it) ends the call.
export default async function hangs(chunks: AsyncIterable<Uint8Array>): Promise<never> {
  for await (const _chunk of chunks) await new Promise(() => {});
  throw new Error("unreachable: the window has chunks");
}
