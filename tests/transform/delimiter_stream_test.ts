import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { type DelimiterDisposition, DelimiterStream, RecordTooLongError } from "../../mod.ts";
import {
  ascii,
  asRead,
  inputArbitrary,
  placed,
  readByob,
  readDefault,
  readsRecords,
  runThrough,
  split,
  text,
  whole,
} from "./_helpers.ts";

/** The plain reference: leftmost non-overlapping matches, records as each disposition says. */
function reference(
  data: Uint8Array,
  delimiter: Uint8Array,
  disposition: DelimiterDisposition,
): Uint8Array[] {
  const records: Uint8Array[] = [];
  let start = 0;
  let p = 0;
  while (p + delimiter.length <= data.length) {
    if (delimiter.every((byte, k) => data[p + k] === byte)) {
      const end = p + delimiter.length;
      records.push(data.subarray(start, disposition === "suffix" ? end : p));
      start = disposition === "prefix" ? p : end;
      p = end;
    } else {
      p++;
    }
  }
  records.push(data.subarray(start));
  return records.filter((record) => record.length > 0);
}

async function lines(
  chunks: string[],
  delimiter: number | Uint8Array,
  disposition?: DelimiterDisposition,
): Promise<string[]> {
  const output = await readDefault(
    ReadableStream.from(chunks.map((chunk) => placed(ascii(chunk))))
      .pipeThrough(new DelimiterStream(delimiter, { disposition })),
  );
  return output.map(text);
}

describe("DelimiterStream", () => {
  it("splits on one byte, discarding it by default and skipping empty records", async () => {
    assert.deepEqual(await lines(["a\nbb\n\nc", "c\n", "d"], 10), ["a", "bb", "cc", "d"]);
    assert.deepEqual(await lines(["\n\n"], 10), []);
  });

  it("keeps the delimiter at the end with suffix, at the start with prefix", async () => {
    assert.deepEqual(await lines(["a;b;", "c"], 59, "suffix"), ["a;", "b;", "c"]);
    assert.deepEqual(await lines(["a;b;", "c"], 59, "prefix"), ["a", ";b", ";c"]);
    assert.deepEqual(await lines([";a"], 59, "prefix"), [";a"]);
  });

  it("finds a sequence split across chunks, in every disposition", async () => {
    const chunks = ["one\r", "\ntwo\r", "\r", "\n", "\rthree\r"];
    const crlf = ascii("\r\n");
    assert.deepEqual(await lines(chunks, crlf), ["one", "two\r", "\rthree\r"]);
    assert.deepEqual(await lines(chunks, crlf, "suffix"), ["one\r\n", "two\r\r\n", "\rthree\r"]);
    assert.deepEqual(await lines(chunks, crlf, "prefix"), ["one", "\r\ntwo\r", "\r\n\rthree\r"]);
  });

  it("handles self-overlapping sequences (aab in aaab) across chunk boundaries", async () => {
    assert.deepEqual(await lines(["xa", "a", "ab", "y"], ascii("aab")), ["xa", "y"]);
    assert.deepEqual(await lines(["abab", "abc"], ascii("ababc")), ["ab"]);
  });

  it("hands a default reader the last record of a chunk ending on a delimiter as a view", async () => {
    const split = new DelimiterStream(10);
    const input = ascii("a\nb\nlast\n");
    const output = await readDefault(ReadableStream.from([input]).pipeThrough(split));
    assert.deepEqual(output.map(text), ["a", "b", "last"]);
    assert.equal(input.byteLength, 0, "its buffer was handed over");
    assert.deepEqual([output[2].byteOffset, output[2].buffer.byteLength], [4, 9], "input memory");
    assert.deepEqual(split.stats, { bytesIn: 9, bytesOut: 6, bytesViewed: 4, bytesCopied: 2 });
    // A chunk ending inside a record keeps its buffer for that record: "b" is copied too.
    const open = new DelimiterStream(10);
    const more = [ascii("a\nb\nla"), ascii("st")];
    const records = await readDefault(ReadableStream.from(more).pipeThrough(open));
    assert.deepEqual(records.map(text), ["a", "b", "last"]);
    assert.deepEqual(open.stats, { bytesIn: 8, bytesOut: 6, bytesViewed: 0, bytesCopied: 6 });
  });

  it("copies a record spanning chunks once, and nothing for a BYOB reader", async () => {
    const make = () => ReadableStream.from([whole(ascii("ab")), whole(ascii("c\nd"))]);
    const byDefault = new DelimiterStream(10);
    assert.deepEqual((await readDefault(make().pipeThrough(byDefault))).map(text), ["abc", "d"]);
    assert.deepEqual(byDefault.stats, { bytesIn: 5, bytesOut: 4, bytesViewed: 1, bytesCopied: 3 });
    const byByob = new DelimiterStream(10);
    assert.equal(text((await readByob(make().pipeThrough(byByob), [2])).bytes), "abcd");
    assert.deepEqual(byByob.stats, { bytesIn: 5, bytesOut: 4, bytesViewed: 0, bytesCopied: 0 });
  });

  it("errors the stream with RecordTooLongError past maxLength, even with no delimiter yet", async () => {
    const endless = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.enqueue(new Uint8Array(1000).fill(65)),
    });
    await assert.rejects(
      readDefault(endless.pipeThrough(new DelimiterStream(10, { maxLength: 4096 }))),
      (error) =>
        error instanceof RecordTooLongError && error.maxLength === 4096 && error.length === 5000 &&
        /5000 bytes seen, maxLength is 4096/.test(error.message),
    );
    const exact = new DelimiterStream(10, { maxLength: 3, disposition: "suffix" });
    const output = await readDefault(
      ReadableStream.from([placed(ascii("ab\nabc\n"))]).pipeThrough(exact),
    )
      .catch((error) => error);
    assert.ok(output instanceof RecordTooLongError && output.length === 4);
  });

  it("validates its arguments, naming them", () => {
    assert.throws(
      () => new DelimiterStream(256),
      /delimiter must be an integer in \[0, 255\]: received 256/,
    );
    assert.throws(() => new DelimiterStream(new Uint8Array(0)), RangeError);
    assert.throws(
      () => new DelimiterStream("\n" as never),
      /delimiter must be a number or a Uint8Array/,
    );
    assert.throws(
      () => new DelimiterStream(10, { disposition: "keep" as never }),
      (error) => error instanceof TypeError && /disposition must be/.test(error.message),
    );
    assert.throws(
      () => new DelimiterStream(10, { maxLength: 0 }),
      /maxLength must be an integer >= 1/,
    );
    assert.throws(() => new DelimiterStream(10, { maxLength: "9" as never }), TypeError);
  });

  it("copies the delimiter it is given", async () => {
    const delimiter = ascii(";");
    const stream = new DelimiterStream(delimiter);
    delimiter[0] = 44;
    const output = await readDefault(
      ReadableStream.from([placed(ascii("a;b,c"))]).pipeThrough(stream),
    );
    assert.deepEqual(output.map(text), ["a", "b,c"]);
  });

  for (const disposition of ["discard", "prefix", "suffix"] as const) {
    it(`equals the plain reference under random chunkings and reads (${disposition})`, async () => {
      const delimiters = fc.oneof(
        fc.constantFrom(0, 1).map((byte) => new Uint8Array([byte])),
        fc.array(fc.constantFrom(0, 1, 2), { minLength: 1, maxLength: 4 }).map((b) =>
          Uint8Array.from(b)
        ),
      );
      await fc.assert(
        fc.asyncProperty(
          inputArbitrary([0, 1, 2]),
          delimiters,
          fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
          async ({ data, cuts, offset, plan }, delimiter, maxLength) => {
            const records = reference(data, delimiter, disposition);
            const tooLong = maxLength !== undefined && records.some((r) => r.length > maxLength);
            const stream = new DelimiterStream(
              delimiter.length === 1 && cuts.length % 2 === 0 ? delimiter[0] : delimiter,
              { disposition, maxLength },
            );
            const run = runThrough(stream, split(data, cuts, offset), plan);
            if (tooLong) {
              await assert.rejects(run, RecordTooLongError);
              return;
            }
            assert.deepEqual((await run).map((c) => [...c]), asRead(records, plan));
            if (!readsRecords(plan)) {
              // Only bytes held as a possible delimiter start across a boundary are copied.
              assert.equal(stream.stats.bytesViewed, 0);
            }
          },
        ),
        { numRuns: 1000 },
      );
    });
  }
});
