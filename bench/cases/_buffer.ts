// ByteBuffer write/read cycles against the usual JavaScript ways of collecting bytes: each cycle
// writes `total` bytes in `chunk`-byte writes, then reads them back in `chunk`-byte views and scans
// each one. ByteBuffer keeps its storage from cycle to cycle (that is how it is meant to be used);
// the alternatives start each cycle afresh, as code that collects one message at a time does.
import { Buffer } from "node:buffer";
import type { CaseSpec, Check, Pass } from "../harness/_case.ts";
import { need } from "./_library.ts";
import { readWholeFile } from "./_runtime_reads.ts";

const ABSENT = 0;

class Reader {
  bytes = 0;
  reads = 0;
  found = 0;

  take(view: Uint8Array): void {
    this.bytes += view.length;
    this.reads++;
    if (view.indexOf(ABSENT) !== -1) this.found++;
  }

  /** Reads `data` back in `size`-byte views. */
  takeAll(data: Uint8Array, size: number): void {
    for (let offset = 0; offset < data.length; offset += size) {
      this.take(data.subarray(offset, offset + size));
    }
  }

  result(): Check {
    return { bytes: this.bytes, reads: this.reads, found: this.found };
  }
}

function concatenate(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const all = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return all;
}

/** Builds the timed pass of a buffer case. */
export async function bufferPass(spec: CaseSpec): Promise<Pass> {
  const whole = await readWholeFile(spec.file!);
  const total = Math.min(spec.total!, whole.length);
  const data = whole.subarray(0, total);
  const size = spec.chunk!;
  const cycles = spec.cycles!;
  const writes: Uint8Array[] = [];
  for (let offset = 0; offset < total; offset += size) {
    writes.push(data.subarray(offset, offset + size));
  }
  const bytes = total * cycles;
  const cycle = (collect: (reader: Reader) => void): Check => {
    const reader = new Reader();
    for (let i = 0; i < cycles; i++) collect(reader);
    return reader.result();
  };
  switch (spec.variant) {
    case "ByteBuffer": {
      const { ByteBuffer } = need("ByteBuffer");
      const buffer = new ByteBuffer();
      return {
        bytes,
        run: () =>
          cycle((reader) => {
            for (const write of writes) buffer.write(write);
            while (buffer.length > 0) reader.take(buffer.next(size));
            buffer.reset();
          }),
      };
    }
    case "array-concat":
      return {
        bytes,
        run: () =>
          cycle((reader) => {
            const parts: Uint8Array[] = [];
            for (const write of writes) parts.push(write);
            reader.takeAll(concatenate(parts), size);
          }),
      };
    case "Buffer.concat":
      return {
        bytes,
        run: () =>
          cycle((reader) => {
            const parts: Uint8Array[] = [];
            for (const write of writes) parts.push(write);
            reader.takeAll(Buffer.concat(parts, total), size);
          }),
      };
    case "doubling":
      return {
        bytes,
        run: () =>
          cycle((reader) => {
            let storage = new Uint8Array(4096);
            let length = 0;
            for (const write of writes) {
              if (length + write.length > storage.length) {
                let capacity = storage.length * 2;
                while (capacity < length + write.length) capacity *= 2;
                const grown = new Uint8Array(capacity);
                grown.set(storage.subarray(0, length));
                storage = grown;
              }
              storage.set(write, length);
              length += write.length;
            }
            reader.takeAll(storage.subarray(0, length), size);
          }),
      };
    default:
      throw new Error(`unknown buffer variant ${spec.variant}`);
  }
}
