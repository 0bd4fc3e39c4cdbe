// Shared pieces of the record stream tests: every way a consumer can read a record stream, and the
// plain references the splitters are checked against.
import fc from "fast-check";
import { records } from "../../mod.ts";
import { bounded } from "./_helpers.ts";

/** How a record stream is read. */
export type RecordReading = "for-await" | "records" | "reader" | "pipe";

export const readings: RecordReading[] = ["for-await", "records", "reader", "pipe"];

/** An arbitrary way of reading. */
export const readingArbitrary: fc.Arbitrary<RecordReading> = fc.constantFrom(...readings);

/** Every record of `stream`, read as `reading` says, kept as given (never copied here). */
export async function readRecords<T>(
  stream: ReadableStream<T>,
  reading: RecordReading,
): Promise<T[]> {
  const all: T[] = [];
  switch (reading) {
    case "for-await":
      for await (const record of stream) all.push(record);
      return all;
    case "records":
      for await (const batch of records(stream as ReadableStream<Uint8Array>)) {
        if (batch.length === 0) throw new Error("records() yielded an empty batch");
        all.push(...(batch as T[]));
      }
      return all;
    case "reader": {
      const reader = stream.getReader();
      for (;;) {
        const { done, value } = await bounded(reader.read());
        if (done) return all;
        all.push(value);
      }
    }
    case "pipe":
      await bounded(
        stream.pipeTo(new WritableStream({ write: (record) => void all.push(record) })),
      );
      return all;
  }
}

/** Go's `bytes.Split` (leftmost matches, no overlap), each disposition placing the delimiter. */
export function splitReference(
  data: Uint8Array,
  delimiter: Uint8Array,
  disposition: "discard" | "prefix" | "suffix",
): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  let p = 0;
  while (p + delimiter.length <= data.length) {
    if (delimiter.every((byte, k) => data[p + k] === byte)) {
      const end = p + delimiter.length;
      out.push(data.subarray(start, disposition === "suffix" ? end : p));
      start = disposition === "prefix" ? p : end;
      p = end;
    } else {
      p++;
    }
  }
  out.push(data.subarray(start));
  return out;
}

/** @std/streams' TextLineStream rules: split at "\n", drop one "\r" before it, a final line if any. */
export function lineReference(text: string): string[] {
  const parts = text.split("\n");
  const last = parts.pop()!;
  const out = parts.map((line) => line.endsWith("\r") ? line.slice(0, -1) : line);
  if (last !== "") out.push(last);
  return out;
}

/**
 * Go's `bufio.Scanner` with `ScanLines`: the same, except that a final line without "\n" loses
 * a trailing "\r" too (`dropCR` at EOF).
 */
export function goScanLines(text: string): string[] {
  const out = lineReference(text);
  if (!text.endsWith("\n") && out.length > 0 && out[out.length - 1].endsWith("\r")) {
    out[out.length - 1] = out[out.length - 1].slice(0, -1);
  }
  return out;
}

/** Bytes as numbers, for deepEqual. */
export function numbers(records: Uint8Array[]): number[][] {
  return records.map((record) => [...record]);
}
