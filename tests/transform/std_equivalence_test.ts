// Our record splitters against @std/streams (the vendored copy of 1.1.2 beside the repository),
// record for record, under random data and chunkings. Skipped where the copy is absent.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { type DelimiterDisposition, DelimiterStream, lines, LineStream } from "../../mod.ts";
import { split } from "./_helpers.ts";

function concat(chunks: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  return all;
}
import { numbers, readingArbitrary, readRecords, splitReference } from "./_records.ts";

const vendor = new URL("../../../shared/vendor/std/streams/", import.meta.url);
const skip = existsSync(fileURLToPath(vendor))
  ? false
  : "the @std/streams copy (../shared/vendor/std) is not beside this clone";

type StdDelimiterStream = new (
  delimiter: Uint8Array,
  options?: { disposition?: DelimiterDisposition },
) => TransformStream<Uint8Array, Uint8Array>;
type StdTextLineStream = new (options?: { allowCR?: boolean }) => TransformStream<string, string>;

async function std(): Promise<{ Delimiter: StdDelimiterStream; TextLine: StdTextLineStream }> {
  const delimiter = await import(new URL("delimiter_stream.ts", vendor).href);
  const textLine = await import(new URL("text_line_stream.ts", vendor).href);
  return { Delimiter: delimiter.DelimiterStream, TextLine: textLine.TextLineStream };
}

/** True when some delimiter occurrence would lie in three or more chunks. */
function spansThreeChunks(chunks: Uint8Array[], delimiterLength: number): boolean {
  return chunks.slice(1, -1).some((chunk) => chunk.length < delimiterLength - 1);
}

/** Bytes of UTF-8 text, broken sequences, byte order marks and line endings. */
const textBytes = fc.array(
  fc.constantFrom(0x61, 0x0a, 0x0d, 0x0a, 0xef, 0xbb, 0xbf, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xff),
  { maxLength: 160, size: "max" },
).map((bytes) => Uint8Array.from(bytes));

const cutsArbitrary = fc.array(fc.nat(200), { maxLength: 12, size: "max" });

describe("record splitters against @std/streams 1.1.2", { skip }, () => {
  it("DelimiterStream equals @std's DelimiterStream record for record", async () => {
    const { Delimiter } = await std();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(0, 1, 2), { maxLength: 200 }).map((b) => Uint8Array.from(b)),
        cutsArbitrary,
        fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 3 }).map((b) =>
          Uint8Array.from(b)
        ),
        fc.constantFrom<DelimiterDisposition>("discard", "prefix", "suffix"),
        readingArbitrary,
        async (data, cuts, delimiter, disposition, reading) => {
          const chunks = () => ReadableStream.from(split(data, cuts));
          const ours = await readRecords(
            chunks().pipeThrough(new DelimiterStream(delimiter, { disposition })),
            reading,
          );
          assert.deepEqual(numbers(ours), numbers(splitReference(data, delimiter, disposition)));
          if (spansThreeChunks(split(data, cuts), delimiter.length)) return; // see the next test
          const theirs = await Array.fromAsync(
            chunks().pipeThrough(new Delimiter(delimiter, { disposition })),
          );
          assert.deepEqual(numbers(ours), numbers(theirs));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("where @std's DelimiterStream loses track of a delimiter over three chunks, ours does not", async () => {
    const { Delimiter } = await std();
    const encoder = new TextEncoder();
    const input = () => ReadableStream.from(["xa", "b", "cy"].map((s) => encoder.encode(s)));
    const abc = encoder.encode("abc");
    const decode = (records: Uint8Array[]) => records.map((r) => new TextDecoder().decode(r));
    const theirs = decode(await Array.fromAsync(input().pipeThrough(new Delimiter(abc))));
    const ours = decode(await Array.fromAsync(input().pipeThrough(new DelimiterStream(abc))));
    assert.deepEqual(ours, ["x", "y"]);
    assert.deepEqual(theirs, ["xa", "y"], "@std 1.1.2 keeps a byte of the delimiter");
  });

  it("lines() equals TextDecoderStream → @std's TextLineStream, for any bytes, allowCR or not", async () => {
    const { TextLine } = await std();
    await fc.assert(
      fc.asyncProperty(textBytes, cutsArbitrary, fc.boolean(), async (data, cuts, allowCR) => {
        const chunks = () => ReadableStream.from(split(data, cuts) as Uint8Array<ArrayBuffer>[]);
        const ours: string[] = [];
        for await (const batch of lines(chunks(), { allowCR })) ours.push(...batch);
        // The text as the Encoding standard decodes the whole stream, whatever its chunks: Node
        // 24's TextDecoderStream drops a byte order mark that follows a byte held over a chunk
        // boundary ([0xc3] then [0xef, 0xbb, 0xbf] gives "\ufffd", not "\ufffd\ufeff"), which
        // Deno, Bun, Node 22 and a single decode do not.
        const text = new TextDecoder().decode(concat(split(data, cuts)));
        const theirs = await Array.fromAsync(
          ReadableStream.from([text]).pipeThrough(new TextLine({ allowCR })),
        );
        assert.deepEqual(ours, theirs);
      }),
      { numRuns: 1500 },
    );
  });

  it("TextDecoderStream decodes a BOM after a byte held over chunks as the standard says", {
    skip: new TextDecoder().decode(new Uint8Array([0xc3, 0xef, 0xbb, 0xbf])) === "\ufffd\ufeff" &&
        "TextDecoderStream" in globalThis
      ? false
      : "no TextDecoderStream",
  }, async () => {
    // What lines() is compared with above: one decode of the whole stream. Where the runtime's
    // own TextDecoderStream differs from it (Node 24), this says so.
    const bytes = [new Uint8Array([0xc3]), new Uint8Array([0xef, 0xbb, 0xbf])];
    const streamed = (await Array.fromAsync(
      ReadableStream.from(bytes).pipeThrough(new TextDecoderStream()),
    )).join("");
    const node = "Deno" in globalThis || "Bun" in globalThis
      ? undefined
      : Number(globalThis.process?.versions?.node?.split(".")[0]);
    if (node !== undefined && node >= 24) assert.equal(streamed, "\ufffd", "Node 24 fixed it");
    else assert.equal(streamed, "\ufffd\ufeff");
  });

  it("LineStream's lines, each decoded, equal TextDecoderStream → TextLineStream", async () => {
    const { TextLine } = await std();
    // Per line, a byte order mark is text like any other: the stream decoder keeps it too.
    const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
    await fc.assert(
      fc.asyncProperty(textBytes, cutsArbitrary, readingArbitrary, async (data, cuts, reading) => {
        const chunks = () => ReadableStream.from(split(data, cuts) as Uint8Array<ArrayBuffer>[]);
        const ours = await readRecords(chunks().pipeThrough(new LineStream()), reading);
        const theirs = await Array.fromAsync(
          chunks().pipeThrough(new TextDecoderStream("utf-8", { ignoreBOM: true }))
            .pipeThrough(new TextLine()),
        );
        assert.deepEqual(ours.map((line) => decoder.decode(line)), theirs);
      }),
      { numRuns: 1500 },
    );
  });
});
