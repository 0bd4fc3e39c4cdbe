// Go's io tests and examples of SectionReader (src/io/io_test.go, src/io/example_test.go), ported
// to a RandomAccessFile. A SectionReader over (off, n) is here readAt(buf, off + at) with the
// buffer cut to what the section has left, and stream(off + at, n - at) to read it front to back;
// Go's io.EOF is a view shorter than the buffer (or the end of the stream).
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { openRandomAccess, type RandomAccessFile } from "../../mod.ts";
import { makeScratch, removeScratch, writeScratch } from "../file/_fixtures.ts";

const dir = makeScratch("go-section");
after(() => removeScratch(dir));
const decoder = new TextDecoder();
let made = 0;

/** A file holding `text`, opened; closed after `body`. */
async function withText<T>(text: string, body: (file: RandomAccessFile) => Promise<T>): Promise<T> {
  const file = await openRandomAccess(writeScratch(dir, `text-${made++}.txt`, text));
  try {
    return await body(file);
  } finally {
    file.close();
  }
}

/**
 * Go's SectionReader.ReadAt(buf, at) over (off, n): the bytes read and whether it says io.EOF
 * (at outside the section, or fewer bytes than buf).
 */
async function sectionReadAt(
  file: RandomAccessFile,
  off: number,
  n: number,
  buf: Uint8Array,
  at: number,
): Promise<{ text: string; eof: boolean }> {
  if (at < 0 || at >= n) return { text: "", eof: true };
  const left = n - at;
  const view = await file.readAt(buf.length > left ? buf.subarray(0, left) : buf, off + at);
  return { text: decoder.decode(view), eof: view.length < buf.length };
}

/** Reads a stream to its end as text through BYOB reads of `size` bytes. */
async function readAll(stream: ReadableStream<Uint8Array>, size = 10): Promise<string> {
  const reader = stream.getReader({ mode: "byob" });
  let text = "";
  for (;;) {
    const { done, value } = await reader.read(new Uint8Array(size));
    if (done) return text;
    text += decoder.decode(value);
  }
}

describe("Go's io tests of SectionReader, on a RandomAccessFile", () => {
  it("TestSectionReader_ReadAt", async () => {
    const dat = "a long sample data, 1234567890";
    const half = Math.floor(dat.length / 2);
    const tests = [
      { data: "", off: 0, n: 10, bufLen: 2, at: 0, exp: "", eof: true },
      { data: dat, off: 0, n: dat.length, bufLen: 0, at: 0, exp: "", eof: false },
      { data: dat, off: dat.length, n: 1, bufLen: 1, at: 0, exp: "", eof: true },
      { data: dat, off: 0, n: dat.length + 2, bufLen: dat.length, at: 0, exp: dat, eof: false },
      {
        data: dat,
        off: 0,
        n: dat.length,
        bufLen: half,
        at: 0,
        exp: dat.slice(0, half),
        eof: false,
      },
      { data: dat, off: 0, n: dat.length, bufLen: dat.length, at: 0, exp: dat, eof: false },
      {
        data: dat,
        off: 0,
        n: dat.length,
        bufLen: half,
        at: 2,
        exp: dat.slice(2, 2 + half),
        eof: false,
      },
      {
        data: dat,
        off: 3,
        n: dat.length,
        bufLen: half,
        at: 2,
        exp: dat.slice(5, 5 + half),
        eof: false,
      },
      {
        data: dat,
        off: 3,
        n: half,
        bufLen: half - 2,
        at: 2,
        exp: dat.slice(5, 5 + half - 2),
        eof: false,
      },
      {
        data: dat,
        off: 3,
        n: half,
        bufLen: half + 2,
        at: 2,
        exp: dat.slice(5, 5 + half - 2),
        eof: true,
      },
      { data: dat, off: 0, n: 0, bufLen: 0, at: -1, exp: "", eof: true },
      { data: dat, off: 0, n: 0, bufLen: 0, at: 1, exp: "", eof: true },
    ];
    for (const [i, t] of tests.entries()) {
      await withText(t.data, async (file) => {
        const got = await sectionReadAt(file, t.off, t.n, new Uint8Array(t.bufLen), t.at);
        assert.deepEqual(got, { text: t.exp, eof: t.eof }, `case ${i}`);
      });
    }
  });

  it("readAt itself refuses a negative offset (where Go's SectionReader says io.EOF)", async () => {
    await withText("foo", async (file) => {
      await assert.rejects(file.readAt(new Uint8Array(1), -1), RangeError);
    });
  });

  it("TestSectionReader_Seek: a stream from every offset Go's Seek reaches reads like bytes.Reader", async () => {
    // bytes.Reader.Seek's rules, applied in the same order as Go's test (the position carries
    // from one seek to the next), give the offsets; a stream from each reads what bytes.Reader
    // would read from there, and a negative one is refused as Go refuses it.
    const data = "foo";
    await withText(data, async (file) => {
      let position = 0;
      for (const whence of ["start", "current", "end"] as const) {
        for (let offset = -3; offset <= 4; offset++) {
          const base = whence === "start" ? 0 : whence === "current" ? position : data.length;
          const target = base + offset;
          if (target < 0) {
            assert.throws(() => file.stream(target), RangeError, `${whence} ${offset}`);
            continue;
          }
          position = target;
          assert.equal(await readAll(file.stream(position, data.length)), data.slice(position));
        }
      }
      // And a seek past the end reads nothing: io.EOF.
      assert.equal(await readAll(file.stream(100, data.length)), "");
    });
  });

  it("TestSectionReader_Size", async () => {
    for (const [data, want] of [["a long sample data, 1234567890", 30], ["", 0]] as const) {
      await withText(data, (file) => Promise.resolve(assert.equal(file.size, want)));
    }
  });

  it("TestSectionReader_Max: a section as long as can be reads to the end of the file", async () => {
    await withText("abcdef", async (file) => {
      const reader = file.stream(3, Number.MAX_SAFE_INTEGER).getReader({ mode: "byob" });
      const first = await reader.read(new Uint8Array(3));
      assert.equal(decoder.decode(first.value), "def");
      assert.equal((await reader.read(new Uint8Array(3))).done, true);
    });
  });
});

describe("Go's io examples of SectionReader, on a RandomAccessFile", () => {
  const text = "some io.Reader stream to be read\n";

  it("ExampleSectionReader", async () => {
    await withText(text, async (file) => {
      assert.equal(await readAll(file.stream(5, 17)), "io.Reader stream ");
    });
  });

  it("ExampleSectionReader_Read", async () => {
    await withText(text, async (file) => {
      const reader = file.stream(5, 17).getReader({ mode: "byob" });
      const { value } = await reader.read(new Uint8Array(9));
      assert.equal(decoder.decode(value), "io.Reader");
      await reader.cancel();
    });
  });

  it("ExampleSectionReader_ReadAt", async () => {
    await withText(text, async (file) => {
      const { text: got, eof } = await sectionReadAt(file, 5, 16, new Uint8Array(6), 10);
      assert.deepEqual({ got, eof }, { got: "stream", eof: false });
      assert.equal(decoder.decode(await file.readAt(new Uint8Array(6), 5 + 10)), "stream");
    });
  });

  it("ExampleSectionReader_Seek", async () => {
    await withText(text, async (file) => {
      // Seek(10, io.SeekStart) in the section (5, 16), then Read(buf[6]).
      const reader = file.stream(5 + 10, 16 - 10).getReader({ mode: "byob" });
      const { value } = await reader.read(new Uint8Array(6));
      assert.equal(decoder.decode(value), "stream");
    });
  });

  it("ExampleSectionReader_Size", async () => {
    await withText(text, async (file) => {
      // A section's size is the length asked for, within the file.
      assert.equal(Math.min(17, file.size - 5), 17);
      assert.equal((await readAll(file.stream(5, 17))).length, 17);
    });
  });
});
