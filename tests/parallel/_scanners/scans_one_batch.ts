// A scanner that reads its window with scan() and stops after the first batch: the window, read
// directly, must still be released.
import { scan } from "../../../mod.ts";

export default async function scansOneBatch(chunks: AsyncIterable<Uint8Array>): Promise<number> {
  for await (const batch of scan(chunks, { bufferSize: 4096 })) return batch.count;
  return 0;
}
