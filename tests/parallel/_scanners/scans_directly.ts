// A scanner that reads its window with scan() (straight into the scanner's buffer), and says
// whether the file was mapped meanwhile (it must not be: the window is read, never mapped).
import { readFileSync } from "node:fs";
import { scan, type ScanWindow } from "../../../mod.ts";

export default async function scansDirectly(
  chunks: AsyncIterable<Uint8Array>,
  window: ScanWindow,
  data: unknown,
): Promise<{ lines: number; bytes: number; mappedWhileScanning: boolean; error?: string }> {
  let lines = 0;
  let bytes = 0;
  let mappedWhileScanning = false;
  const name = window.path.split("/").at(-1)!;
  for await (const batch of scan(chunks)) {
    lines += batch.count;
    for (let i = 0; i < batch.count; i++) bytes += batch.ends[i] - batch.starts[i] + 1;
    try {
      if (readFileSync("/proc/self/maps", "utf8").includes(name)) mappedWhileScanning = true;
    } catch {
      // No /proc (or no permission to read it): nothing to say.
    }
  }
  let error: string | undefined;
  if ((data as { iterateAfter?: boolean } | undefined)?.iterateAfter) {
    try {
      for await (const _ of chunks) break;
    } catch (thrown) {
      error = `${(thrown as Error).name}: ${(thrown as Error).message}`;
    }
  }
  return { lines, bytes, mappedWhileScanning, error };
}
