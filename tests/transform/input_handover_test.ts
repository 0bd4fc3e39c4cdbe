// Writing into a transform takes over only a chunk that spans its whole ArrayBuffer; a partial view
// is copied. Splitters such as @std/streams' DelimiterStream and TextLineStream enqueue several
// `subarray`s of one buffer they keep using: taking one such view's buffer over would empty the
// records still queued behind it and the splitter's own leftover bytes.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  ByteTransformStream,
  DelimiterStream,
  FixedChunkStream,
  InspectStream,
  SliceStream,
} from "../../mod.ts";
import { ascii, readByob, readDefault, text, whole } from "./_helpers.ts";

/**
 * A line splitter as @std/streams writes them: a default-type TransformStream that joins its
 * leftover and each chunk into one buffer, enqueues every line as a `subarray` of that buffer, and
 * keeps the bytes after the last newline as a view of the same buffer for the next chunk.
 */
function viewSplitter(): TransformStream<Uint8Array, Uint8Array> {
  let rest = new Uint8Array(0);
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      const joined = new Uint8Array(rest.byteLength + chunk.byteLength);
      joined.set(rest);
      joined.set(chunk, rest.byteLength);
      let start = 0;
      for (let end = joined.indexOf(10); end !== -1; end = joined.indexOf(10, start)) {
        controller.enqueue(joined.subarray(start, end + 1));
        start = end + 1;
      }
      rest = joined.subarray(start);
    },
    flush(controller) {
      if (rest.byteLength > 0) controller.enqueue(rest);
    },
  });
}

const input = ["alpha\nbeta\ngam", "ma\ndelta\n\nepsilon\nzeta", "\neta"];
const expected = input.join("");

/** The input, as whole-buffer chunks, through the splitter, then through `transform`. */
function throughSplitter(
  transform: TransformStream<Uint8Array, Uint8Array>,
): ReadableStream<Uint8Array> {
  return ReadableStream.from(input.map(ascii)).pipeThrough(viewSplitter()).pipeThrough(transform);
}

const transforms: [string, () => ByteTransformStream, (bytes: string) => string[]][] = [
  ["InspectStream", () => new InspectStream(() => {}), (s) => s.split(/(?<=\n)/)],
  ["SliceStream", () => new SliceStream(3), (s) => s.slice(3).split(/(?<=\n)/)],
  ["FixedChunkStream", () => new FixedChunkStream(4), (s) => s.match(/[^]{1,4}/g) ?? []],
];

describe("writing views of a buffer the writer keeps using", () => {
  it("DelimiterStream gives every record of a splitter's subarrays and leaves them intact", async () => {
    const split = new DelimiterStream(10);
    const records = await readDefault(throughSplitter(split));
    assert.deepEqual(records.map(text), expected.split("\n"));
  });

  for (const [name, make, records] of transforms) {
    it(`${name} gives every byte of a splitter's subarrays, to both kinds of reader`, async () => {
      const byDefault = make();
      const chunks = await readDefault(throughSplitter(byDefault));
      assert.deepEqual(chunks.map(text), records(expected));
      // Every input chunk was a partial view of the splitter's buffer: copied, never taken over.
      assert.equal(byDefault.stats.bytesViewed, 0);
      assert.ok(byDefault.stats.bytesCopied >= byDefault.stats.bytesIn);

      const byByob = make();
      const { bytes } = await readByob(throughSplitter(byByob), [1, 5, 64]);
      assert.equal(text(bytes), records(expected).join(""));
      assert.equal(byByob.stats.bytesCopied, byByob.stats.bytesIn);
    });
  }

  it("leaves the splitter's queued records and leftover intact, while whole chunks are taken", async () => {
    const written: Uint8Array[] = [];
    const keep = new ByteTransformStream({
      transform(chunk, out) {
        out.enqueue(chunk);
      },
    });
    const writer = keep.writable.getWriter();
    const reader = keep.readable.getReader();
    const buffer = ascii("one\ntwo\nthree\n");
    const views = [buffer.subarray(0, 4), buffer.subarray(4, 8), buffer.subarray(8)];
    const fresh = whole(ascii("four\n"));
    for (const view of [...views, fresh]) {
      written.push(view);
      const write = writer.write(view);
      const { value } = await reader.read();
      await write;
      assert.ok(value !== undefined);
    }
    assert.equal(text(buffer), "one\ntwo\nthree\n", "the writer's buffer is still attached");
    assert.deepEqual(written.slice(0, 3).map(text), ["one\n", "two\n", "three\n"]);
    assert.equal(fresh.byteLength, 0, "a chunk spanning its whole buffer is handed over");
    assert.deepEqual(keep.stats, { bytesIn: 19, bytesOut: 19, bytesViewed: 5, bytesCopied: 14 });
  });

  it("tee() after the transform gives each branch its own memory", async () => {
    const source = ReadableStream.from([whole([1, 2, 3]), whole([4])]);
    const [left, right] = source.pipeThrough(new InspectStream(() => {})).tee();
    const [a, b] = await Promise.all([readDefault(left), readDefault(right)]);
    assert.deepEqual(a.map((c) => [...c]), [[1, 2, 3], [4]]);
    assert.deepEqual(b.map((c) => [...c]), [[1, 2, 3], [4]]);
    assert.notEqual(a[0].buffer, b[0].buffer, "a byte stream's tee clones for one branch");
  });

  it("still rejects a detached chunk with a TypeError", async () => {
    const chunk = new Uint8Array(4);
    structuredClone(chunk.buffer, { transfer: [chunk.buffer] });
    const transform = new InspectStream(() => {});
    const writer = transform.writable.getWriter();
    await assert.rejects(
      writer.write(chunk),
      (error) => error instanceof TypeError && /chunk is detached/.test(error.message),
    );
  });
});
