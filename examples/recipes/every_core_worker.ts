// The worker module of every_core.ts: counts the lines of one window of the file and finds its
// longest line. Windows end on line boundaries, so no line is cut in two; scan() reads the window
// straight into its buffer (no mapping, no copy) and hands out its lines as byte ranges.
import { scan, type ScanWindow } from "@zerocopy/streams";

/** What one window gives back. */
export interface LineStats {
  lines: number;
  longest: number;
  /** Where the longest line starts in the file. */
  longestAt: number;
}

export default async function countLines(
  chunks: AsyncIterable<Uint8Array>,
  window: ScanWindow,
): Promise<LineStats> {
  const stats: LineStats = { lines: 0, longest: 0, longestAt: window.offset };
  for await (const batch of scan(chunks)) {
    const { starts, ends } = batch;
    for (let i = 0; i < batch.count; i++) {
      if (ends[i] - starts[i] > stats.longest) {
        stats.longest = ends[i] - starts[i];
        // batch.offset counts from the window's start.
        stats.longestAt = window.offset + batch.offset + starts[i];
      }
    }
    stats.lines += batch.count;
  }
  return stats;
}
