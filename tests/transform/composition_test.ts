// Our transforms between the library's sources and sinks and the runtime's own streams.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ByteBuffer,
  copyBuffer,
  DelimiterStream,
  fileSink,
  FixedChunkStream,
  InspectStream,
  LineStream,
  mapFile,
  openFile,
  progress,
  SliceStream,
} from "../../mod.ts";
import { bounded, concat, placed, readByob, readDefault, text } from "./_helpers.ts";

const directory = mkdtempSync(join(tmpdir(), "zc-transform-"));
after(() => rmSync(directory, { recursive: true, force: true }));

/** 300 KiB of numbered lines, so records cross every chunk boundary of a 64 KiB reader. */
const lines = Array.from({ length: 30_000 }, (_, i) => `line ${i}`);
const content = new TextEncoder().encode(lines.join("\n") + "\n");
const path = join(directory, "lines.txt");
writeFileSync(path, content);

describe("composition", () => {
  it("openFile → DelimiterStream → TextDecoderStream gives every line", async () => {
    const decoded = (await openFile(path))
      .pipeThrough(new DelimiterStream(10))
      .pipeThrough(new TextDecoderStream());
    const seen = await bounded(Array.fromAsync(decoded));
    assert.deepEqual(seen, lines);
  });

  it("mapFile().readable() → FixedChunkStream → CompressionStream → DecompressionStream → ByteBuffer.writable", async () => {
    using file = mapFile(path);
    const fixed = new FixedChunkStream(4096);
    const buffer = new ByteBuffer();
    await bounded(
      file.readable()
        .pipeThrough(fixed)
        .pipeThrough(new CompressionStream("gzip"))
        .pipeThrough(new DecompressionStream("gzip"))
        .pipeTo(buffer.writable),
    );
    assert.deepEqual(buffer.bytes(), content);
    assert.equal(file.bytes.byteLength, content.byteLength, "the mapping is left attached");
    // 64 KiB chunks in, 4 KiB records out: the last record of each chunk is a view.
    assert.equal(fixed.stats.bytesOut, content.byteLength);
    assert.equal(fixed.stats.bytesViewed + fixed.stats.bytesCopied, content.byteLength);
    assert.ok(fixed.stats.bytesViewed >= 4 * 4096);
  });

  it("openFile → SliceStream → a plain TransformStream → InspectStream → fileSink", async () => {
    const outPath = join(directory, "slice.out");
    let inspected = 0;
    await bounded(
      (await openFile(path))
        .pipeThrough(new SliceStream(1000, 200_000))
        .pipeThrough(new TransformStream<Uint8Array, Uint8Array>())
        .pipeThrough(new InspectStream((view) => void (inspected += view.byteLength)))
        .pipeTo(await fileSink(outPath)),
    );
    assert.equal(inspected, 199_000);
    assert.deepEqual(new Uint8Array(readFileSync(outPath)), content.subarray(1000, 200_000));
  });

  it("openFile → progress → BYOB reads into one reused buffer, copying nothing", async () => {
    const reports: number[] = [];
    const counter = progress((done) => void reports.push(done), content.byteLength);
    const reader = (await openFile(path, { chunkSize: 10_000 })).pipeThrough(counter)
      .getReader({ mode: "byob" });
    let buffer = new Uint8Array(new ArrayBuffer(4099), 3, 4096);
    const parts: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await bounded(reader.read(buffer));
      if (done) break;
      parts.push(value.slice());
      buffer = new Uint8Array(value.buffer, 3, 4096);
    }
    assert.deepEqual(concat(parts), content);
    assert.equal(reports.at(-1), content.byteLength);
    assert.deepEqual(counter.stats, {
      bytesIn: content.byteLength,
      bytesOut: content.byteLength,
      bytesViewed: 0,
      // Every chunk owns its whole buffer (the last is sized to what is left): all taken over.
      bytesCopied: 0,
    });
  });

  it("ByteBuffer.readable → DelimiterStream leaves the buffer's storage usable", async () => {
    const buffer = ByteBuffer.fromString("a,bb,ccc");
    const records = await readDefault(buffer.readable.pipeThrough(new DelimiterStream(44)));
    assert.deepEqual(records.map(text), ["a", "bb", "ccc"]);
    buffer.writeString("again");
    assert.equal(buffer.toString(), "again");
  });

  it("TextEncoderStream → SliceStream → TextDecoderStream, read by BYOB and default readers", async () => {
    const source = () =>
      ReadableStream.from(["héllo ", "wörld"]).pipeThrough(new TextEncoderStream())
        .pipeThrough(new SliceStream(0, 7));
    const decoded = await Array.fromAsync(source().pipeThrough(new TextDecoderStream()));
    assert.equal(decoded.join(""), "héllo ");
    assert.equal(text((await readByob(source(), [3])).bytes), "héllo ");
  });

  it("copyBuffer into a DelimiterStream: every record kept, each read into new memory", async () => {
    const source = new ReadableStream({
      type: "bytes",
      start(controller) {
        controller.enqueue(new TextEncoder().encode("ab\ncd\nef\ng"));
        controller.close();
      },
    });
    const split = new DelimiterStream(10);
    const output = readDefault(split.readable);
    const buf = new Uint8Array(4);
    assert.equal((await bounded(copyBuffer(source, split.writable, buf))).written, 10);
    // Kept until the end: no later read reused the memory the records are views of.
    const records = await bounded(output);
    assert.deepEqual(records.map(text), ["ab", "cd", "ef", "g"]);
    assert.notEqual(records[0].buffer, records[2].buffer);
  });

  it("ByteBuffer.writeTo into a DelimiterStream: the records outlive the buffer's next writes", async () => {
    const buffer = new ByteBuffer(new Uint8Array(64), 0);
    buffer.writeString("xxone\ntwo\n");
    buffer.next(2); // the unread bytes start at offset 2 of the storage
    const split = new DelimiterStream(10);
    const output = readDefault(split.readable);
    await bounded(buffer.writeTo(split.writable));
    await split.writable.close();
    buffer.writeString("again, and more than before");
    assert.deepEqual((await bounded(output)).map(text), ["one", "two", ""]);
    assert.equal(buffer.toString(), "again, and more than before");
  });

  it("our transforms chain: SliceStream → FixedChunkStream → DelimiterStream", async () => {
    const input = [placed(new TextEncoder().encode("xx1,2,3,4,5,6,7,8"))];
    const records = await readDefault(
      ReadableStream.from(input)
        .pipeThrough(new SliceStream(2))
        .pipeThrough(new FixedChunkStream(3))
        .pipeThrough(new DelimiterStream(44)),
    );
    assert.deepEqual(records.map(text), ["1", "2", "3", "4", "5", "6", "7", "8"]);
  });

  it("a splitter after a splitter: LineStream reads DelimiterStream's records as bytes", async () => {
    const input = [new TextEncoder().encode("a\r;\nb;c\n;")];
    const lines = await readDefault(
      ReadableStream.from(input).pipeThrough(new DelimiterStream(59)).pipeThrough(new LineStream()),
    );
    assert.deepEqual(lines.map(text), ["a", "bc"]);
  });
});
