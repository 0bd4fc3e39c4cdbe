import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { type DelimiterDisposition, DelimiterStream, RecordTooLongError } from "../../mod.ts";
import { ascii, bounded, placed, sourceOf, split, text } from "./_helpers.ts";
import { numbers, readingArbitrary, readings, readRecords, splitReference } from "./_records.ts";
import { searchWithSimd } from "../../src/search/_positions.ts";
import { simdAvailable } from "../../src/search/_kernel.ts";

async function splitText(
  chunks: string[],
  delimiter: number | Uint8Array,
  disposition?: DelimiterDisposition,
): Promise<string[]> {
  const source = ReadableStream.from(chunks.map((chunk) => placed(ascii(chunk))));
  const output = await readRecords(
    source.pipeThrough(new DelimiterStream(delimiter, { disposition })),
    "for-await",
  );
  return output.map(text);
}

/** Resolves true when `promise` is still pending after a few turns of the event loop. */
async function pending(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(() => settled = true, () => settled = true);
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 1));
  return !settled;
}

describe("DelimiterStream", () => {
  it("delivers every record, empty ones too, as bytes.Split does", async () => {
    assert.deepEqual(await splitText(["body\n\nx"], 10), ["body", "", "x"]);
    assert.deepEqual(await splitText(["a\nbb\n\nc", "c\n", "d"], 10), ["a", "bb", "", "cc", "d"]);
    assert.deepEqual(await splitText(["\n\n"], 10), ["", "", ""]);
    assert.deepEqual(await splitText(["a\n"], 10), ["a", ""]);
    assert.deepEqual(await splitText([], 10), [""]);
    assert.deepEqual(await splitText(["", "a", ""], 10), ["a"]);
  });

  it("keeps the delimiter at the end with suffix, at the start with prefix", async () => {
    assert.deepEqual(await splitText(["a;b;", "c"], 59, "suffix"), ["a;", "b;", "c"]);
    assert.deepEqual(await splitText(["a;b;", "c"], 59, "prefix"), ["a", ";b", ";c"]);
    assert.deepEqual(await splitText([";a"], 59, "prefix"), ["", ";a"]);
    assert.deepEqual(await splitText([";;"], 59, "suffix"), [";", ";", ""]);
  });

  it("finds a sequence split across chunks, in every disposition", async () => {
    const chunks = ["one\r", "\ntwo\r", "\r", "\n", "\rthree\r"];
    const crlf = ascii("\r\n");
    assert.deepEqual(await splitText(chunks, crlf), ["one", "two\r", "\rthree\r"]);
    assert.deepEqual(await splitText(chunks, crlf, "suffix"), [
      "one\r\n",
      "two\r\r\n",
      "\rthree\r",
    ]);
    assert.deepEqual(await splitText(chunks, crlf, "prefix"), [
      "one",
      "\r\ntwo\r",
      "\r\n\rthree\r",
    ]);
  });

  it("finds a sequence spread over three chunks, and self-overlapping ones", async () => {
    const abc = ascii("abc");
    assert.deepEqual(await splitText(["xa", "b", "cy"], abc), ["x", "y"]);
    assert.deepEqual(await splitText(["xa", "b", "cy"], abc, "prefix"), ["x", "abcy"]);
    assert.deepEqual(await splitText(["xa", "b", "cy"], abc, "suffix"), ["xabc", "y"]);
    assert.deepEqual(await splitText(["xa", "a", "ab", "y"], ascii("aab")), ["xa", "y"]);
    assert.deepEqual(await splitText(["abab", "abc"], ascii("ababc")), ["ab", ""]);
  });

  it("hands out records inside one chunk as views of it, without detaching the input", async () => {
    const input = [ascii("one\ntwo\nthr"), ascii("ee\nfour\n")];
    const [first, second] = input;
    const records = await readRecords(
      ReadableStream.from(input).pipeThrough(new DelimiterStream(10)),
      "records",
    );
    assert.deepEqual(records.map(text), ["one", "two", "three", "four", ""]);
    assert.equal(records[0].buffer, first.buffer, "one is a view of the first chunk");
    assert.equal(records[1].buffer, first.buffer);
    assert.equal(records[1].byteOffset, 4);
    assert.equal(records[3].buffer, second.buffer, "four is a view of the second chunk");
    assert.notEqual(records[2].buffer, first.buffer, "three, spanning both, is a copy");
    assert.notEqual(records[2].buffer, second.buffer);
    assert.equal(first.byteLength, 11, "the input is not transferred");
  });

  it("copies the unfinished record, so a writer may reuse a chunk once its write resolved", async () => {
    const split = new DelimiterStream(10);
    const writer = split.writable.getWriter();
    const output = readRecords(split.readable, "for-await");
    const memory = ascii("ab\ncd");
    await bounded(writer.write(memory));
    memory.set(ascii("ZZZZZ")); // a BYOB loop refilling its buffer
    await bounded(writer.write(ascii("e\n")));
    await writer.close();
    const records = (await bounded(output)).map(text);
    assert.deepEqual(records.slice(1), ["cde", ""]);
    assert.equal(records[0], "ZZ", "a record handed out aliases the input chunk");
  });

  it("a write resolves once every record it completed is taken", async () => {
    const split = new DelimiterStream(10);
    const writer = split.writable.getWriter();
    const iterator = split.readable[Symbol.asyncIterator]();
    const first = writer.write(ascii("a\nb\nc"));
    assert.equal(text((await bounded(iterator.next())).value!), "a");
    assert.ok(await pending(first), "resolved with the record b still waiting");
    assert.equal(text((await bounded(iterator.next())).value!), "b");
    await bounded(first); // only the unfinished record "c" is left
    const next = iterator.next();
    await bounded(writer.write(ascii("d\n")));
    assert.equal(text((await bounded(next)).value!), "cd");
    await writer.close();
    assert.equal(text((await bounded(iterator.next())).value!), "");
    assert.equal((await bounded(iterator.next())).done, true);
    assert.equal(split.readable.locked, false);
  });

  it("mixes readers: records a reader took are not given again, in order", async () => {
    const stream = ReadableStream.from([ascii("a\nb\nc"), ascii("\nd")])
      .pipeThrough(new DelimiterStream(10));
    const reader = stream.getReader();
    assert.equal(text((await bounded(reader.read())).value!), "a");
    reader.releaseLock();
    const rest: string[] = [];
    for await (const record of stream) rest.push(text(record));
    assert.deepEqual(rest, ["b", "c", "d"]);
  });

  it("a read left waiting by an earlier reader keeps the order for the next one", async () => {
    const split = new DelimiterStream(10);
    const early = split.readable.getReader();
    const orphan = early.read(); // waits in pull: nothing was written yet
    orphan.catch(() => {});
    await pending(orphan);
    early.releaseLock();
    const writer = split.writable.getWriter();
    const output = readRecords(split.readable, "records");
    await bounded(writer.write(ascii("x\ny\n")));
    await writer.close();
    assert.deepEqual((await bounded(output)).map(text), ["x", "y", ""]);
  });

  it("leaving a for await loop cancels the source; values({ preventCancel }) does not", async () => {
    const { stream, cancelled } = sourceOf([ascii("a\nb\n"), ascii("c\n")]);
    const split = stream.pipeThrough(new DelimiterStream(10));
    for await (const record of split) {
      assert.equal(text(record), "a");
      break;
    }
    await bounded((async () => {
      while (!cancelled().called) await new Promise((resolve) => setTimeout(resolve, 1));
    })());
    assert.equal(split.locked, false);

    const kept = ReadableStream.from([ascii("a\nb")]).pipeThrough(new DelimiterStream(10));
    for await (const record of kept.values({ preventCancel: true })) {
      assert.equal(text(record), "a");
      break;
    }
    assert.deepEqual((await readRecords(kept, "reader")).map(text), ["b"]);
  });

  it("cancelling the readable errors the writable and cancels a piped source with the reason", async () => {
    const { stream, cancelled } = sourceOf([ascii("a\nb\n"), ascii("c\n")]);
    const split = new DelimiterStream(10);
    const piped = stream.pipeTo(split.writable);
    const reader = split.readable.getReader();
    await bounded(reader.read());
    const reason = new Error("enough");
    await reader.cancel(reason);
    await assert.rejects(bounded(piped), (error) => error === reason);
    assert.equal(cancelled().reason, reason);
  });

  it("aborting the writable errors the readable, also while a write waits for a reader", async () => {
    const split = new DelimiterStream(10);
    const writer = split.writable.getWriter();
    const waiting = writer.write(ascii("a\nb\n"));
    waiting.catch(() => {});
    const reason = new Error("stop");
    await bounded(writer.abort(reason));
    await assert.rejects(bounded(split.readable.getReader().read()), (error) => error === reason);
    await assert.rejects(bounded(waiting), (error) => error === reason);
  });

  it("a chunk that is not a Uint8Array errors both sides with a TypeError", async () => {
    const split = new DelimiterStream(10);
    const writer = split.writable.getWriter();
    await assert.rejects(
      writer.write("text" as never),
      /chunk must be a Uint8Array: received "text"/,
    );
    await assert.rejects(readRecords(split.readable, "for-await"), TypeError);
  });

  it("errors the stream with RecordTooLongError past maxLength, even with no delimiter yet", async () => {
    const { stream, cancelled } = sourceOf(
      Array.from({ length: 10 }, () => new Uint8Array(1000).fill(65)),
    );
    await assert.rejects(
      readRecords(stream.pipeThrough(new DelimiterStream(10, { maxLength: 4096 })), "records"),
      (error) =>
        error instanceof RecordTooLongError && error.maxLength === 4096 && error.length === 5000 &&
        /5000 bytes seen, maxLength is 4096/.test(error.message),
    );
    assert.ok(cancelled().reason instanceof RecordTooLongError, "the source was cancelled");
    const exact = new DelimiterStream(10, { maxLength: 3, disposition: "suffix" });
    const output = await readRecords(
      ReadableStream.from([placed(ascii("ab\nabc\n"))]).pipeThrough(exact),
      "reader",
    ).catch((error) => error);
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
    const output = await readRecords(
      ReadableStream.from([placed(ascii("a;b,c"))]).pipeThrough(stream),
      "reader",
    );
    assert.deepEqual(output.map(text), ["a", "b,c"]);
  });

  for (const disposition of ["discard", "prefix", "suffix"] as const) {
    it(`equals bytes.Split under random chunkings, in every reading (${disposition})`, async () => {
      const delimiters = fc.oneof(
        fc.constantFrom(0, 1).map((byte) => new Uint8Array([byte])),
        fc.array(fc.constantFrom(0, 1, 2), { minLength: 1, maxLength: 4 }).map((b) =>
          Uint8Array.from(b)
        ),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.constantFrom(0, 1, 2), { maxLength: 200, size: "max" }).map((b) =>
            Uint8Array.from(b)
          ),
          fc.array(fc.nat(200), { maxLength: 12, size: "max" }),
          fc.constantFrom(0, 1, 7),
          delimiters,
          fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
          readingArbitrary,
          fc.constantFrom(...(simdAvailable ? [true, false] : [false])),
          async (data, cuts, offset, delimiter, maxLength, reading, simd) => {
            searchWithSimd(simd);
            const expected = splitReference(data, delimiter, disposition);
            const tooLong = maxLength !== undefined && expected.some((r) => r.length > maxLength);
            const stream = new DelimiterStream(
              delimiter.length === 1 && cuts.length % 2 === 0 ? delimiter[0] : delimiter,
              { disposition, maxLength },
            );
            const source = ReadableStream.from(split(data, cuts, offset));
            const run = readRecords(source.pipeThrough(stream), reading);
            if (tooLong) {
              await assert.rejects(run, RecordTooLongError);
              return;
            }
            assert.deepEqual(numbers(await run), numbers(expected));
          },
        ),
        { numRuns: 1000 },
      ).finally(() => searchWithSimd(true));
    });
  }

  for (const reading of readings) {
    it(`gives a thousand empty records one by one (${reading})`, async () => {
      const records = await readRecords(
        ReadableStream.from([new Uint8Array(999).fill(10)]).pipeThrough(new DelimiterStream(10)),
        reading,
      );
      assert.equal(records.length, 1000);
      assert.ok(records.every((record) => record.length === 0));
    });
  }
});
