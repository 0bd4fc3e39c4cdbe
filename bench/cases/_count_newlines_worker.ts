// The worker module of the parallel cases: counts the newlines and bytes of one window, with the
// scanner's count() over the window's chunks (each copied into its buffer and counted by SIMD).
import { count } from "../../mod.ts";

export default async function countNewlines(
  chunks: AsyncIterable<Uint8Array>,
  window: { length: number },
): Promise<{ newlines: number; bytes: number }> {
  return { newlines: await count(chunks), bytes: window.length };
}
