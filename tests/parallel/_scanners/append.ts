// A scanner that appends a line to the file it scans (the file changes size under the scan).
import { appendFileSync } from "node:fs";

export default async function append(
  chunks: AsyncIterable<Uint8Array>,
  window: { path: string; index: number },
): Promise<number> {
  let bytes = 0;
  for await (const chunk of chunks) bytes += chunk.length;
  if (window.index === 0) appendFileSync(window.path, "one more line\n");
  return bytes;
}
