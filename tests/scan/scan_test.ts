import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import {
  count,
  DelimiterStream,
  LineStream,
  openFile,
  RecordBatch,
  records,
  RecordTooLongError,
  scan,
  type ScanOptions,
} from "../../mod.ts";
import { simdAvailable } from "../../src/search/_kernel.ts";
import { byteSource, defaultSource } from "../read/_sources.ts";
import { ascii, split, text } from "../transform/_helpers.ts";
import { goScanLines, lineReference, splitReference } from "../transform/_records.ts";
import { crLineReference, goScanWords } from "./_references.ts";

/** Every way a scanner gets its bytes. */
const sourceKinds = [
  "bytes",
  "default-stream",
  "byte-stream",
  "byte-stream-enqueue",
  "iterable",
  "async-iterable",
] as const;
type SourceKind = typeof sourceKinds[number];

function sourceOf(kind: SourceKind, chunks: Uint8Array[]): Parameters<typeof scan>[0] {
  switch (kind) {
    case "bytes": {
      const all = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
      let at = 0;
      for (const chunk of chunks) all.set(chunk, (at += chunk.length) - chunk.length);
      return all;
    }
    case "default-stream":
      return defaultSource(chunks).stream;
    case "byte-stream":
      return byteSource(chunks, "respond").stream;
    case "byte-stream-enqueue":
      return byteSource(chunks, "enqueue").stream;
    case "iterable":
      return chunks;
    case "async-iterable":
      return (async function* () {
        for (const chunk of chunks) yield chunk;
      })();
  }
}

/** Every record of a scan, copied out of its batch (a batch is valid for one step only). */
async function scanAll(
  src: Parameters<typeof scan>[0],
  options?: ScanOptions,
): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const batch of scan(src, options)) {
    assert.ok(batch.count > 0, "a batch is never empty");
    assert.equal(batch.starts.length, batch.count);
    for (let i = 0; i < batch.count; i++) {
      assert.ok(batch.starts[i] <= batch.ends[i] && batch.ends[i] <= batch.bytes.length);
      out.push(batch.view(i).slice());
    }
  }
  return out;
}

const numbers = (list: Uint8Array[]): number[][] => list.map((bytes) => [...bytes]);
const simdModes = simdAvailable ? [true, false] : [false];

/** Random bytes from an alphabet that makes records of every kind, and random cuts. */
function inputOf(alphabet: string[]) {
  return fc.record({
    input: fc.array(fc.constantFrom(...alphabet), { maxLength: 400, size: "max" }).map((parts) =>
      ascii(parts.join(""))
    ),
    cuts: fc.array(fc.nat(420), { maxLength: 12, size: "max" }),
    kind: fc.constantFrom(...sourceKinds),
    bufferSize: fc.constantFrom(64, 65, 100, 128, 1000),
    simd: fc.constantFrom(...simdModes),
  });
}

describe("scan: lines", () => {
  it("splits at \\n, drops one \\r before it, keeps empty lines and a final line", async () => {
    const lines = async (input: string) => (await scanAll(ascii(input))).map(text);
    assert.deepEqual(await lines("a\r\nb\n\nc\r\r\n"), ["a", "b", "", "c\r"]);
    assert.deepEqual(await lines("a\nb"), ["a", "b"]);
    assert.deepEqual(await lines("a\n"), ["a"]);
    assert.deepEqual(await lines(""), []);
    assert.deepEqual(await lines("a\r"), ["a\r"], "as TextLineStream keeps it");
  });

  it("with allowCR, a lone \\r ends a line too", async () => {
    const lines = async (input: string) =>
      (await scanAll(ascii(input), { allowCR: true })).map(text);
    assert.deepEqual(await lines("a\rb\r\nc\n\rd\r"), ["a", "b", "c", "", "d"]);
    assert.deepEqual(await lines("\r"), [""]);
    assert.deepEqual(await lines("a\r\r"), ["a", ""]);
  });

  it("equals TextLineStream's rules and Go's ScanLines for every source, chunking and buffer", async () => {
    await fc.assert(
      fc.asyncProperty(
        inputOf(["a", "bc", "\r", "\n", "é", "\r\n"]),
        async ({ input, cuts, kind, bufferSize, simd }) => {
          const got = (await scanAll(sourceOf(kind, split(input, cuts)), { bufferSize, simd })).map(
            text,
          );
          const expected = lineReference(text(input));
          assert.deepEqual(got, expected);
          if (input.at(-1) !== 13) assert.deepEqual(got, goScanLines(text(input)));
        },
      ),
      { numRuns: 600 },
    );
  });

  it("with allowCR, equals TextLineStream({ allowCR: true }) for every source and chunking", async () => {
    await fc.assert(
      fc.asyncProperty(
        inputOf(["a", "\r", "\n", "\r\n", "xyz"]),
        async ({ input, cuts, kind, bufferSize, simd }) => {
          const got = await scanAll(sourceOf(kind, split(input, cuts)), {
            bufferSize,
            simd,
            allowCR: true,
          });
          assert.deepEqual(numbers(got), numbers(crLineReference(input)));
        },
      ),
      { numRuns: 600 },
    );
  });

  it("gives the records records() gives over LineStream", async () => {
    await fc.assert(
      fc.asyncProperty(
        inputOf(["line", "\n", "\r\n", "\r"]),
        async ({ input, cuts, bufferSize, simd }) => {
          const viaRecords: Uint8Array[] = [];
          const stream = ReadableStream.from(split(input, cuts)).pipeThrough(new LineStream());
          for await (const batch of records(stream)) viaRecords.push(...batch);
          const got = await scanAll(sourceOf("default-stream", split(input, cuts)), {
            bufferSize,
            simd,
          });
          assert.deepEqual(numbers(got), numbers(viaRecords));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("scan: delimiters", () => {
  const dispositions = ["discard", "prefix", "suffix"] as const;

  it("equals Go's bytes.Split and DelimiterStream, one byte or a sequence, every disposition", async () => {
    await fc.assert(
      fc.asyncProperty(
        inputOf(["a", "b", ",", "ab", "aab", "\n"]),
        fc.constantFrom(ascii(","), ascii("ab"), ascii("aab"), ascii("aa"), ascii("abab")),
        fc.constantFrom(...dispositions),
        async ({ input, cuts, kind, bufferSize, simd }, delimiter, disposition) => {
          const split1 = delimiter.length === 1 ? delimiter[0] : delimiter;
          const got = await scanAll(sourceOf(kind, split(input, cuts)), {
            split: split1,
            disposition,
            bufferSize,
            simd,
          });
          assert.deepEqual(numbers(got), numbers(splitReference(input, delimiter, disposition)));
        },
      ),
      { numRuns: 800 },
    );
  });

  it("gives the records records() gives over DelimiterStream", async () => {
    const input = ascii("xa|b||cy|".repeat(50));
    for (const delimiter of [ascii("|"), ascii("||")]) {
      const viaRecords: Uint8Array[] = [];
      const stream = ReadableStream.from(split(input, [7, 100, 101, 333]))
        .pipeThrough(new DelimiterStream(delimiter));
      for await (const batch of records(stream)) viaRecords.push(...batch);
      assert.deepEqual(
        numbers(await scanAll(input, { split: delimiter, bufferSize: 64 })),
        numbers(viaRecords),
      );
    }
  });

  it("finds a sequence spread over three reads", async () => {
    const got = await scanAll([ascii("xa"), ascii("b"), ascii("cy")], { split: ascii("abc") });
    assert.deepEqual(got.map(text), ["x", "y"]);
  });
});

describe("scan: words", () => {
  it("splits at Unicode white space as Go's ScanWords", async () => {
    const words = async (input: string) =>
      (await scanAll(new TextEncoder().encode(input), { split: "words" })).map(text);
    assert.deepEqual(await words("  one two\t\tthree\n"), ["one", "two", "three"]);
    assert.deepEqual(await words("a\u00a0b\u0085c\u2009d\u3000e\u1680f\u205fg"), [
      "a",
      "b",
      "c",
      "d",
      "e",
      "f",
      "g",
    ]);
    assert.deepEqual(await words("é€ x"), ["é€", "x"]);
    assert.deepEqual(await words(""), []);
    assert.deepEqual(await words(" \n "), []);
  });

  it("equals Go's ScanWords for every source, chunking and buffer, invalid UTF-8 too", async () => {
    const pieces = ["w", "ord", " ", "\t", "\n", "\u00a0", "\u2028", "\u3000", "é", "\u20ac"];
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.constantFrom(...pieces).map((s) => [...new TextEncoder().encode(s)]),
            fc.constantFrom([0xc2], [0xe2, 0x80], [0xe3], [0x80], [0xff]),
          ),
          { maxLength: 200, size: "max" },
        )
          .map((parts) => Uint8Array.from(parts.flat())),
        fc.array(fc.nat(420), { maxLength: 12, size: "max" }),
        fc.constantFrom(...sourceKinds),
        fc.constantFrom(64, 100, 1000),
        async (input, cuts, kind, bufferSize) => {
          const got = await scanAll(sourceOf(kind, split(input, cuts)), {
            split: "words",
            bufferSize,
          });
          assert.deepEqual(numbers(got), numbers(goScanWords(input)));
        },
      ),
      { numRuns: 600 },
    );
  });
});

describe("scan: the buffer", () => {
  it("hands out batches as ranges of one reused buffer, with the stream offset of each", async () => {
    const input = ascii("0123456\n".repeat(1000)); // 8000 bytes, lines of 7
    const buffers = new Set<ArrayBufferLike>();
    let line = 0;
    for await (const batch of scan(input, { bufferSize: 1024 })) {
      buffers.add(batch.bytes.buffer);
      for (let i = 0; i < batch.count; i++, line++) {
        assert.equal(batch.offset + batch.starts[i], line * 8);
        assert.equal(batch.length(i), 7);
      }
    }
    assert.equal(line, 1000);
    assert.equal(buffers.size, 1, "no memory per read");
  });

  it("grows only for a record longer than the buffer, and refuses one past maxLength", async () => {
    const long = "x".repeat(5000);
    const got = await scanAll(ascii(`a\n${long}\nb`), { bufferSize: 64 });
    assert.deepEqual(got.map((line) => line.length), [1, 5000, 1]);
    await assert.rejects(
      scanAll(ascii(`a\n${long}\nb`), { bufferSize: 64, maxLength: 4999 }),
      (error) => error instanceof RecordTooLongError && error.maxLength === 4999,
    );
    assert.deepEqual(
      (await scanAll(ascii(`ab\r\ncd\n`), { maxLength: 2, bufferSize: 64 })).map(text),
      ["ab", "cd"],
      "a dropped \\r does not count",
    );
  });

  it("refuses a record past maxLength before reading it all, and cancels the stream", async () => {
    const { stream, log } = defaultSource([ascii("a\n")], { endless: false });
    const endless = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.enqueue(new Uint8Array(4096).fill(120)),
      cancel: (reason) => void log.cancelled.push(reason),
    });
    await assert.rejects(
      scanAll(endless, { maxLength: 10_000, bufferSize: 1024 }),
      RecordTooLongError,
    );
    assert.equal(log.cancelled.length, 1);
    assert.ok(log.cancelled[0] instanceof RecordTooLongError);
    await stream.cancel();
  });

  it("empties a batch once the scanner steps on", async () => {
    const scanner = scan(ascii("a\nb\n"), { bufferSize: 64 });
    const first = await scanner.next();
    assert.equal(first.done, false);
    const batch = first.value as RecordBatch;
    assert.equal(batch.count, 2);
    assert.equal(batch.text(1), "b");
    await scanner.next();
    assert.equal(batch.count, 0);
    assert.equal(batch.bytes.length, 0);
    assert.throws(() => batch.view(0), RangeError);
  });

  it("reads an openFile stream straight into its buffer", async () => {
    const path = join(tmpdir(), `scan-open-file-${Date.now()}-${Math.random()}.txt`);
    const content = Array.from({ length: 5000 }, (_, i) => `line ${i}`).join("\n");
    writeFileSync(path, content);
    try {
      for (const simd of simdModes) {
        const got = (await scanAll(await openFile(path), { bufferSize: 4096, simd })).map(text);
        assert.deepEqual(got, content.split("\n"));
      }
    } finally {
      unlinkSync(path);
    }
  });
});

describe("scan: streams", () => {
  it("cancels the stream with an AbortError when the loop stops early", async () => {
    const { stream, log } = defaultSource([ascii("a\nb\n"), ascii("c\n")], { endless: true });
    for await (const batch of scan(stream)) {
      assert.ok(batch.count > 0);
      break;
    }
    assert.equal(log.cancelled.length, 1);
    assert.equal((log.cancelled[0] as DOMException).name, "AbortError");
    assert.equal(stream.locked, false);
  });

  it("rejects with the stream's error, and with a TypeError for a chunk that is not bytes", async () => {
    const failure = new Error("disk on fire");
    const { stream } = defaultSource([ascii("a\n")], { error: failure });
    await assert.rejects(scanAll(stream), (error) => error === failure);
    const odd = ReadableStream.from(["text" as unknown as Uint8Array]);
    await assert.rejects(scanAll(odd), TypeError);
    await assert.rejects(scanAll(["x" as unknown as Uint8Array]), TypeError);
  });

  it("disposing of it (await using) cancels the stream", async () => {
    const { stream, log } = defaultSource([ascii("a\n")], { endless: true });
    const scanner = scan(stream);
    await scanner.next();
    await scanner[Symbol.asyncDispose]();
    assert.equal(log.cancelled.length, 1);
    assert.equal(stream.locked, false);
  });

  it("lets go of a chunk once copied, for a producer that frees it when asked for the next", async () => {
    // As a scanFile window does: its generator unmaps the last chunk as soon as it is resumed.
    async function* freeing() {
      for (const text of ["a\nb", "c\nd\n"]) {
        const chunk = ascii(text.repeat(1000));
        yield chunk;
        structuredClone(chunk.buffer, { transfer: [chunk.buffer] }); // detaches it
      }
    }
    const got = await scanAll(freeing(), { bufferSize: 1024 });
    assert.equal(got.length, 3000);
    const counted = await count(freeing());
    assert.equal(counted, 3000);
  });

  it("skips empty chunks, and returns an iterator left early so that it can clean up", async () => {
    const empty = new Uint8Array(0);
    assert.deepEqual((await scanAll([empty, ascii("a\nb"), empty, ascii("\n")])).map(text), [
      "a",
      "b",
    ]);
    let cleaned = false;
    async function* endless() {
      try {
        for (;;) yield ascii("line\n");
      } finally {
        cleaned = true;
      }
    }
    for await (const batch of scan(endless(), { bufferSize: 64 })) {
      assert.ok(batch.count > 0);
      break;
    }
    assert.equal(cleaned, true, "the generator's finally ran");
  });

  it("says whether the SIMD kernel runs", () => {
    assert.equal(scan(new Uint8Array(0)).simd, simdAvailable);
    assert.equal(scan(new Uint8Array(0), { simd: false }).simd, false);
  });
});

describe("scan: arguments", () => {
  it("refuses what it cannot scan, naming the argument", () => {
    assert.throws(() => scan("text" as never), /Cannot scan as src must be/);
    assert.throws(() => scan(null as never), /src must be/);
    const locked = new ReadableStream();
    locked.getReader();
    assert.throws(() => scan(locked), /src must not be locked/);
    const detached = new Uint8Array(8);
    structuredClone(detached.buffer, { transfer: [detached.buffer] });
    assert.throws(() => scan(detached), /src is detached/);
    assert.throws(
      () => scan(new Uint8Array(), null as never),
      /options must be a plain object or undefined/,
    );
    assert.throws(() => scan(new Uint8Array(), { split: "sentences" as never }), /split must be/);
    assert.throws(() => scan(new Uint8Array(), { split: 256 }), RangeError);
    assert.throws(() => scan(new Uint8Array(), { split: new Uint8Array() }), RangeError);
    assert.throws(() => scan(new Uint8Array(), { bufferSize: 10 }), /bufferSize must be/);
    assert.throws(() => scan(new Uint8Array(), { maxLength: 0 }), /maxLength must be/);
    assert.throws(() => scan(new Uint8Array(), { disposition: "middle" as never }), /disposition/);
    assert.throws(
      () => scan(new Uint8Array(), { allowCR: 1 as never }),
      /allowCR must be a boolean/,
    );
    assert.throws(() => scan(new Uint8Array(), { simd: "yes" as never }), /simd must be a boolean/);
  });
});

describe("RecordBatch helpers", () => {
  const bytes = ascii("GET /a\nPOST /b\n\n");
  const batch = new RecordBatch(bytes, Int32Array.of(0, 7, 15), Int32Array.of(6, 14, 15), 100);

  it("test, compare and find bytes of one record without a view", () => {
    assert.equal(batch.count, 3);
    assert.equal(batch.offset, 100);
    assert.equal(batch.startsWith(0, ascii("GET ")), true);
    assert.equal(batch.startsWith(1, ascii("GET ")), false);
    assert.equal(batch.startsWith(2, ascii("G")), false);
    assert.equal(batch.startsWith(2, ascii("")), true);
    assert.equal(batch.equals(0, ascii("GET /a")), true);
    assert.equal(batch.equals(0, ascii("GET /")), false);
    assert.equal(batch.compare(0, ascii("GET /b")), -1);
    assert.equal(batch.compare(1, ascii("GET")), 1);
    assert.equal(batch.compare(2, ascii("")), 0);
    assert.equal(batch.compare(0, ascii("GET /a!")), -1);
    assert.equal(batch.indexOf(1, 0x2f), 5);
    assert.equal(batch.indexOf(1, 0x2f, 6), -1);
    assert.equal(batch.length(1), 7);
  });

  it("views and decodes one record", () => {
    const view = batch.view(1);
    assert.equal(view.buffer, bytes.buffer, "a view, no copy");
    assert.equal(text(view), "POST /b");
    assert.equal(batch.text(0), "GET /a");
    assert.equal(batch.text(2), "");
  });

  it("refuses an index outside the batch", () => {
    for (const index of [-1, 3, 1.5, NaN]) assert.throws(() => batch.view(index), RangeError);
    assert.throws(() => new RecordBatch(bytes, Int32Array.of(0), Int32Array.of()), RangeError);
  });
});
