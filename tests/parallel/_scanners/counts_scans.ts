// A scanner that counts its window's lines with count() (the window read straight into its
// buffer), and how many windows this thread has scanned so far: a Worker kept by a pool counts on.
import { count } from "../../../mod.ts";

const thread = globalThis as { scans?: number };

export default async function countsScans(
  chunks: AsyncIterable<Uint8Array>,
  window: { index: number },
  data: unknown,
): Promise<{ lines: number; scans: number }> {
  thread.scans = (thread.scans ?? 0) + 1;
  // Asked to: the thread of window 0 ends itself at its scan `exitAt`, before it counts.
  if ((data as { exitAt?: number } | undefined)?.exitAt === thread.scans && window.index === 0) {
    (globalThis as { process?: { exit(code: number): void } }).process?.exit(3);
  }
  const lines = await count(chunks);
  return { lines, scans: thread.scans };
}
