// A scanner that describes its window: lines, bytes, how its chunks end, and what it was given.
import type { ScanWindow } from "../../../mod.ts";

export interface WindowReport {
  window: ScanWindow;
  lines: number;
  bytes: number;
  chunks: number;
  /** Chunks that do not end just after a newline (only the file's last chunk may). */
  unaligned: number;
  /** The window's bytes as text, when it was asked for with `data.text`. */
  text?: string;
  data: unknown;
}

export default async function describe(
  chunks: AsyncIterable<Uint8Array>,
  window: ScanWindow,
  data: unknown,
): Promise<WindowReport> {
  const report: WindowReport = { window, lines: 0, bytes: 0, chunks: 0, unaligned: 0, data };
  const text = (data as { text?: boolean } | undefined)?.text === true;
  const decoder = new TextDecoder();
  let collected = "";
  for await (const chunk of chunks) {
    report.chunks++;
    report.bytes += chunk.length;
    if (chunk[chunk.length - 1] !== 10) report.unaligned++;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) report.lines++;
    if (text) collected += decoder.decode(chunk, { stream: true });
  }
  if (text) report.text = collected + decoder.decode();
  return report;
}
