// The worker module of every_core.ts: counts the lines of one window of the file and finds its
// longest line. Chunks end on line boundaries, so no line is cut between two chunks.
import type { ScanWindow } from "@zerocopy/streams";

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
  let offset = window.offset;
  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
      record(stats, offset + start, end - start);
      start = end + 1;
    }
    if (start < chunk.length) record(stats, offset + start, chunk.length - start); // no final \n
    offset += chunk.length;
  }
  return stats;
}

function record(stats: LineStats, at: number, length: number): void {
  stats.lines++;
  if (length > stats.longest) {
    stats.longest = length;
    stats.longestAt = at;
  }
}
