// The scanner's line rules against @std/streams' TextLineStream (the vendored copy of 1.1.2 beside
// the repository), with and without allowCR, under random text and chunkings. Skipped where the
// copy is absent.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { scan } from "../../mod.ts";
import { ascii, split, text } from "../transform/_helpers.ts";
import { crLineReference } from "./_references.ts";

const vendor = new URL("../../../shared/vendor/std/streams/", import.meta.url);
const skip = existsSync(fileURLToPath(vendor))
  ? false
  : "the @std/streams copy (../shared/vendor/std) is not beside this clone";

type StdTextLineStream = new (options?: { allowCR?: boolean }) => TransformStream<string, string>;

async function stdLines(chunks: string[], allowCR: boolean): Promise<string[]> {
  const { TextLineStream } = await import(new URL("text_line_stream.ts", vendor).href) as {
    TextLineStream: StdTextLineStream;
  };
  const out: string[] = [];
  for await (
    const line of ReadableStream.from(chunks).pipeThrough(new TextLineStream({ allowCR }))
  ) {
    out.push(line);
  }
  return out;
}

describe("scan's lines against @std/streams 1.1.2", { skip }, () => {
  it("equal TextLineStream's, with and without allowCR", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom("a", "bc", "\r", "\n", "\r\n"), { maxLength: 200, size: "max" })
          .map((parts) => parts.join("")),
        fc.array(fc.nat(220), { maxLength: 10, size: "max" }),
        fc.boolean(),
        async (input, cuts, allowCR) => {
          const chunks = split(ascii(input), cuts);
          const expected = await stdLines(chunks.map(text), allowCR);
          const got: string[] = [];
          for await (const batch of scan(chunks, { allowCR, bufferSize: 64 })) {
            for (let i = 0; i < batch.count; i++) got.push(batch.text(i));
          }
          assert.deepEqual(got, expected);
          if (allowCR) assert.deepEqual(crLineReference(ascii(input)).map(text), expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
