import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { lines, openFile, RecordTooLongError } from "../../mod.ts";
import { makeScratch, removeScratch, writeScratch } from "../file/_fixtures.ts";
import { bounded, defaultSource, source, sourceKinds } from "../read/_sources.ts";

const encoder = new TextEncoder();

async function linesOf(stream: ReadableStream<Uint8Array>, maxLength?: number): Promise<string[]> {
  const all: string[] = [];
  for await (const batch of lines(stream, { maxLength })) {
    assert.ok(batch.length > 0, "a batch is never empty");
    all.push(...batch);
  }
  return all;
}

const bytes = (...parts: (string | number[])[]) =>
  parts.map((part) => typeof part === "string" ? encoder.encode(part) : Uint8Array.from(part));

describe("lines", () => {
  it("splits at \\n, drops the \\r of a CRLF split across chunks, keeps empty lines", async () => {
    for (const kind of sourceKinds) {
      const { stream } = source(kind, bytes("a\r", "\nb\n\n", "c\r\r\n", "last"));
      assert.deepEqual(await linesOf(stream), ["a", "b", "", "c\r", "last"], kind);
      assert.equal(stream.locked, false);
    }
  });

  it("ends without an empty line after a final \\n, and gives nothing for no text", async () => {
    assert.deepEqual(await linesOf(ReadableStream.from(bytes("a\n"))), ["a"]);
    assert.deepEqual(await linesOf(ReadableStream.from(bytes("\n"))), [""]);
    assert.deepEqual(await linesOf(ReadableStream.from<Uint8Array>([])), []);
    assert.deepEqual(await linesOf(ReadableStream.from(bytes("a\r"))), ["a\r"]);
  });

  it("decodes as TextDecoderStream: a character split across chunks, a BOM, bad bytes", async () => {
    const text = await linesOf(
      ReadableStream.from(bytes([0xef, 0xbb, 0xbf, 0x63, 0x61, 0x66, 0xc3], [0xa9, 10, 0xff, 10])),
    );
    assert.deepEqual(text, ["café", "\ufffd"]);
    const truncated = await linesOf(ReadableStream.from(bytes([0x61, 0xe2, 0x82])));
    assert.deepEqual(truncated, ["a\ufffd"]);
  });

  it("reads a file through one buffer, a batch per read", async () => {
    const dir = makeScratch("lines");
    try {
      const content = Array.from({ length: 30_000 }, (_, i) => `line ${i}`).join("\r\n");
      const path = writeScratch(dir, "log.txt", content);
      const batches: string[][] = [];
      for await (const batch of lines(await openFile(path))) batches.push(batch);
      const all = batches.flat();
      assert.equal(all.length, 30_000);
      assert.equal(all[29_999], "line 29999");
      assert.equal(all.join("\r\n"), content);
      assert.ok(batches.length > 1 && batches.length < 30, `${batches.length} batches`);
    } finally {
      removeScratch(dir);
    }
  });

  it("refuses a line past maxLength (UTF-16 code units) and cancels the source", async () => {
    await assert.rejects(
      linesOf(ReadableStream.from(bytes("ab\r\nabcd\n")), 3),
      (error) =>
        error instanceof RecordTooLongError && error.length === 4 && error.maxLength === 3 &&
        /4 UTF-16 code units seen/.test(error.message),
    );
    assert.deepEqual(await linesOf(ReadableStream.from(bytes("abc\r", "\n")), 3), ["abc"]);
    const { stream, log } = defaultSource(bytes("x"), { endless: true });
    await assert.rejects(
      bounded(linesOf(stream, 100)),
      (error) =>
        error instanceof RecordTooLongError && error.maxLength === 100 && error.length > 100 &&
        /UTF-16 code units seen/.test(error.message),
      "refused by its bytes, told in UTF-16 code units",
    );
    assert.equal(log.cancelled.length, 1, "an endless line stops the source");
    await assert.rejects(
      linesOf(ReadableStream.from(bytes("ab\néééé\n")), 3),
      (error) => error instanceof RecordTooLongError && error.length === 4,
      "text beyond ASCII, cut as text",
    );
    await assert.rejects(
      linesOf(ReadableStream.from(bytes("ab\nabcd")), 3),
      (error) => error instanceof RecordTooLongError && error.length === 4,
      "the final line, with no line ending",
    );
    assert.deepEqual(await linesOf(ReadableStream.from(bytes("ab\nééé")), 3), ["ab", "ééé"]);
  });

  it("breaking out cancels the source with an AbortError; a stream error rejects", async () => {
    const { stream, log } = defaultSource(bytes("a\nb\n", "c\n"), { endless: true });
    for await (const batch of lines(stream)) {
      assert.deepEqual(batch, ["a", "b"]);
      break;
    }
    assert.equal((log.cancelled[0] as DOMException).name, "AbortError");
    const failure = new Error("disk on fire");
    const { stream: failing } = defaultSource(bytes("a\n"), { error: failure });
    await assert.rejects(linesOf(failing), (error) => error === failure);
  });

  it("validates its arguments, naming them", () => {
    assert.throws(
      () => lines("text" as unknown as ReadableStream<Uint8Array>),
      /Cannot iterate lines as src must be a ReadableStream: received "text"/,
    );
    assert.throws(
      () => lines(new ReadableStream(), { maxLength: 0 }),
      /Cannot iterate lines as maxLength must be an integer >= 1: received 0/,
    );
    const { stream } = defaultSource(bytes("a"));
    assert.throws(() => lines(stream, { maxLength: "3" as never }), TypeError);
    assert.equal(stream.locked, false, "a refused call leaves the stream alone");
  });
});
