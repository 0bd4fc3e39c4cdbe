// Splitting a file into records (lines): every way a user could, counting the records and their
// bytes. The baseline is no stream at all: `mapFile` and an `indexOf(10)` loop over the mapping.
import { statSync } from "node:fs";
import type { CaseSpec, Check, Pass } from "../harness/_case.ts";
import { need } from "./_library.ts";
import { defaultFileStream, readWholeFile } from "./_runtime_reads.ts";
import { loadStd } from "./_std.ts";

const NEWLINE = 10;

/** Counts records and the bytes (or UTF-16 units, for strings) they hold; with a `first` byte
 * (the lines-as-bytes job, as Go's Scanner + Bytes() case does it), also the records starting with
 * it. */
class Tally {
  records = 0;
  recordBytes = 0;
  startingWith = 0;

  constructor(readonly first?: number) {}

  add(length: number, firstByte?: number): void {
    this.records++;
    this.recordBytes += length;
    if (firstByte === this.first && length > 0) this.startingWith++;
  }

  result(): Check {
    const { records, recordBytes, startingWith } = this;
    return this.first === undefined
      ? { records, recordBytes }
      : { records, recordBytes, startingWith };
  }
}

/** Splits `bytes` at each newline with `indexOf`, making a view per line when `views` is set. */
function splitByHand(bytes: Uint8Array, views: boolean, first?: number): Check {
  const { buffer, byteOffset } = bytes;
  const tally = new Tally(first);
  let start = 0;
  for (let end = bytes.indexOf(NEWLINE); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
    if (views) {
      const view = new Uint8Array(buffer, byteOffset + start, end - start);
      tally.add(view.length, view[0]);
    } else tally.add(end - start, bytes[start]);
    start = end + 1;
  }
  if (start < bytes.length) tally.add(bytes.length - start, bytes[start]);
  return tally.result();
}

/** Builds the timed pass of a records case. */
export async function recordsPass(spec: CaseSpec): Promise<Pass> {
  const path = spec.file!;
  const bytes = statSync(path).size;
  const pass = (run: () => Promise<Check> | Check): Pass => ({ bytes, run });
  switch (spec.variant) {
    case "mapFile-indexOf": {
      const { mapFile } = need("mapFile");
      return pass(() => {
        const file = mapFile(path);
        try {
          return { ...splitByHand(file.bytes, false, spec.first), mapped: file.mapped ? 1 : 0 };
        } finally {
          file.close();
        }
      });
    }
    case "memory-views": {
      // What a splitter must hand out, one Uint8Array per line, and nothing else: over ordinary
      // memory (the file read beforehand), as the splitters' input chunks are.
      const whole = await readWholeFile(path);
      return pass(() => splitByHand(whole, true, spec.first));
    }
    case "records-DelimiterStream":
    case "records-LineStream": {
      const { openFile, records, DelimiterStream, LineStream } = need(
        "openFile",
        "records",
        "DelimiterStream",
        "LineStream",
      );
      const split = () =>
        spec.variant === "records-LineStream" ? new LineStream() : new DelimiterStream(NEWLINE);
      return pass(async () => {
        const tally = new Tally(spec.first);
        for await (const batch of records((await openFile(path)).pipeThrough(split()))) {
          for (const record of batch) tally.add(record.length, record[0]);
        }
        return tally.result();
      });
    }
    case "forawait-DelimiterStream": {
      const { openFile, DelimiterStream } = need("openFile", "DelimiterStream");
      return pass(async () => {
        const tally = new Tally(spec.first);
        const stream = (await openFile(path)).pipeThrough(new DelimiterStream(NEWLINE));
        for await (const record of stream) tally.add(record.length, record[0]);
        return tally.result();
      });
    }
    case "reader-DelimiterStream": {
      const { openFile, DelimiterStream } = need("openFile", "DelimiterStream");
      return pass(async () => {
        const tally = new Tally(spec.first);
        const reader = (await openFile(path)).pipeThrough(new DelimiterStream(NEWLINE))
          .getReader();
        for (let step = await reader.read(); !step.done; step = await reader.read()) {
          tally.add(step.value.length, step.value[0]);
        }
        return tally.result();
      });
    }
    case "scanner-bytes": {
      const { openFile, scan } = need("openFile", "scan");
      const first = spec.first;
      return pass(async () => {
        let records = 0;
        let recordBytes = 0;
        let startingWith = 0;
        for await (const batch of scan(await openFile(path))) {
          const { bytes: buffer, starts, ends, count } = batch;
          for (let i = 0; i < count; i++) {
            const start = starts[i];
            const end = ends[i];
            recordBytes += end - start;
            if (end > start && buffer[start] === first) startingWith++;
          }
          records += count;
        }
        const check: Check = { records, recordBytes };
        if (first !== undefined) check.startingWith = startingWith;
        return check;
      });
    }
    case "scanner-words": {
      const { openFile, scan } = need("openFile", "scan");
      return pass(async () => {
        let records = 0;
        let recordBytes = 0;
        for await (const batch of scan(await openFile(path), { split: "words" })) {
          const { starts, ends, count } = batch;
          for (let i = 0; i < count; i++) recordBytes += ends[i] - starts[i];
          records += count;
        }
        return { records, recordBytes };
      });
    }
    case "lines": {
      const { openFile, lines } = need("openFile", "lines");
      return pass(async () => {
        const tally = new Tally(spec.first);
        for await (const batch of lines(await openFile(path))) {
          for (const line of batch) tally.add(line.length);
        }
        return tally.result();
      });
    }
    case "std-DelimiterStream": {
      const { DelimiterStream } = await loadStd();
      const delimiter = new Uint8Array([NEWLINE]);
      return pass(async () => {
        const tally = new Tally(spec.first);
        const stream = (await defaultFileStream(path)).pipeThrough(new DelimiterStream(delimiter));
        for await (const record of stream) tally.add(record.length, record[0]);
        return tally.result();
      });
    }
    case "std-TextLineStream": {
      const { TextLineStream } = await loadStd();
      return pass(async () => {
        const tally = new Tally(spec.first);
        const stream = (await defaultFileStream(path))
          .pipeThrough(new TextDecoderStream() as TransformStream<Uint8Array, string>)
          .pipeThrough(new TextLineStream());
        for await (const line of stream) tally.add(line.length);
        return tally.result();
      });
    }
    default:
      throw new Error(`unknown records variant ${spec.variant}`);
  }
}
