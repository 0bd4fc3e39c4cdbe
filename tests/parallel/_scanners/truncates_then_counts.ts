// A scanner that cuts the file it scans to 10 bytes (window 0 does), then counts its window with
// count(), which reads it directly: the read comes short of the window's end.
import { truncateSync } from "node:fs";
import { count, type ScanWindow } from "../../../mod.ts";

export default async function truncatesThenCounts(
  chunks: AsyncIterable<Uint8Array>,
  window: ScanWindow,
): Promise<number> {
  if (window.index === 0) truncateSync(window.path, 10);
  return await count(chunks);
}
