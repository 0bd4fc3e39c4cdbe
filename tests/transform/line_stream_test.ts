import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { LineStream, RecordTooLongError } from "../../mod.ts";
import { ascii, split, text } from "./_helpers.ts";
import { goScanLines, lineReference, numbers, readingArbitrary, readRecords } from "./_records.ts";
import { crLineReference } from "../scan/_references.ts";
import { searchWithSimd } from "../../src/search/_positions.ts";
import { simdAvailable } from "../../src/search/_kernel.ts";

async function linesOf(chunks: string[], options?: { maxLength?: number }): Promise<string[]> {
  const source = ReadableStream.from(chunks.map(ascii));
  return (await readRecords(source.pipeThrough(new LineStream(options)), "records")).map(text);
}

describe("LineStream", () => {
  it("splits at \\n, drops one \\r before it, and keeps empty lines", async () => {
    assert.deepEqual(await linesOf(["a\r\nb\n\nc\r\r\n"]), ["a", "b", "", "c\r"]);
    assert.deepEqual(await linesOf(["\n"]), [""]);
    assert.deepEqual(await linesOf(["\r\n\r\n"]), ["", ""]);
  });

  it("drops a \\r split from its \\n by a chunk boundary", async () => {
    assert.deepEqual(await linesOf(["a\r", "\nb\r", "\n"]), ["a", "b"]);
    assert.deepEqual(await linesOf(["a", "\r", "", "\n", "\r", "\n"]), ["a", ""]);
  });

  it("ends with the text after the last \\n only when there is some, its \\r kept", async () => {
    assert.deepEqual(await linesOf(["a\nb"]), ["a", "b"]);
    assert.deepEqual(await linesOf(["a\n"]), ["a"]);
    assert.deepEqual(await linesOf([]), []);
    assert.deepEqual(await linesOf(["a\r"]), ["a\r"], "as TextLineStream keeps it");
    assert.deepEqual(goScanLines("a\r"), ["a"], "where Go's ScanLines drops it");
  });

  it("refuses a line past maxLength, not counting its line ending", async () => {
    assert.deepEqual(await linesOf(["abc\r\nab\n"], { maxLength: 3 }), ["abc", "ab"]);
    assert.deepEqual(await linesOf(["abc\r", "\n"], { maxLength: 3 }), ["abc"]);
    await assert.rejects(
      linesOf(["abcd\n"], { maxLength: 3 }),
      (error) => error instanceof RecordTooLongError && error.length === 4,
    );
    await assert.rejects(
      linesOf(["ab", "cde"], { maxLength: 3 }),
      (error) => error instanceof RecordTooLongError && error.maxLength === 3,
      "an unfinished line is refused as soon as it cannot fit",
    );
    await assert.rejects(linesOf(["abc\r"], { maxLength: 3 }), RecordTooLongError);
  });

  it("validates maxLength, naming it", () => {
    assert.throws(() => new LineStream({ maxLength: 0 }), /LineStream as maxLength must be/);
    assert.throws(() => new LineStream({ maxLength: "1" as never }), TypeError);
  });

  it("equals TextLineStream's rules and Go's ScanLines under random chunkings", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom("a", "\r", "\n", "é"), { maxLength: 120 }).map((c) => c.join("")),
        fc.array(fc.nat(200), { maxLength: 12 }),
        readingArbitrary,
        async (input, cuts, reading) => {
          const data = ascii(input);
          const source = ReadableStream.from(split(data, cuts));
          const got = (await readRecords(source.pipeThrough(new LineStream()), reading)).map(text);
          assert.deepEqual(got, lineReference(input));
          if (!/\r$/.test(input)) assert.deepEqual(got, goScanLines(input));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("with allowCR, a lone \\r ends a line too, also when a chunk boundary follows it", async () => {
    const crLines = async (chunks: string[]) => {
      const source = ReadableStream.from(chunks.map(ascii));
      return (await readRecords(source.pipeThrough(new LineStream({ allowCR: true })), "records"))
        .map(text);
    };
    assert.deepEqual(await crLines(["a\rb\r\nc\n\rd\r"]), ["a", "b", "c", "", "d"]);
    assert.deepEqual(await crLines(["a\r", "\nb\r", "c"]), ["a", "b", "c"]);
    assert.deepEqual(await crLines(["\r"]), [""]);
    assert.deepEqual(await crLines(["a\r", "\r", "\n"]), ["a", ""]);
    assert.throws(() => new LineStream({ allowCR: "yes" as never }), /allowCR must be a boolean/);
  });

  it("equals TextLineStream({ allowCR }) rules under random chunkings, with and without SIMD", async () => {
    const modes = simdAvailable ? [true, false] : [false];
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.constantFrom("a", "\r", "\n", "é", "\r\n"), { maxLength: 200, size: "max" })
            .map((c) => c.join("")),
          fc.array(fc.nat(300), { maxLength: 12, size: "max" }),
          readingArbitrary,
          fc.boolean(),
          fc.constantFrom(...modes),
          async (input, cuts, reading, allowCR, simd) => {
            searchWithSimd(simd);
            const data = ascii(input);
            const source = ReadableStream.from(split(data, cuts));
            const got = await readRecords(source.pipeThrough(new LineStream({ allowCR })), reading);
            if (allowCR) assert.deepEqual(numbers(got), numbers(crLineReference(data)));
            else assert.deepEqual(got.map(text), lineReference(input));
          },
        ),
        { numRuns: 1000 },
      );
    } finally {
      searchWithSimd(true);
    }
  });
});
