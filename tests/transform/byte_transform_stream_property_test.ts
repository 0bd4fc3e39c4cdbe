import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ByteTransformStream } from "../../mod.ts";
import { asRead, inputArbitrary, readsRecords, runThrough, split } from "./_helpers.ts";

/** One step of a random transformer: how many bytes, handed over or copied, closing the record. */
interface Step {
  take: number;
  copy: boolean;
  partial: boolean;
}

/**
 * Cuts every chunk into pieces as `steps` say (cycled), emitting each with `out.enqueue` (a view)
 * or `out.write` (from scratch memory overwritten right after, so a missing copy shows), and
 * records what a plain implementation would output for the same steps.
 */
function randomTransformer(steps: Step[]): {
  stream: ByteTransformStream;
  records: Uint8Array[];
} {
  const records: Uint8Array[] = [];
  let current: number[] = [];
  const end = () => {
    records.push(Uint8Array.from(current));
    current = [];
  };
  const scratch = new Uint8Array(64);
  let next = 0;
  const stream = new ByteTransformStream({
    transform(chunk, out) {
      let offset = 0;
      let forced = false;
      while (offset < chunk.length) {
        const step = steps[next++ % steps.length];
        const take = Math.min(forced ? Math.max(step.take, 1) : step.take, chunk.length - offset);
        forced = take === 0;
        const piece = chunk.subarray(offset, offset + take);
        current.push(...piece);
        if (step.copy) {
          scratch.set(piece);
          out.write(scratch.subarray(0, take), step.partial);
          scratch.fill(0xee);
        } else {
          out.enqueue(piece, step.partial);
        }
        if (!step.partial) end();
        offset += take;
      }
    },
    flush() {
      end();
    },
  });
  return { stream, records };
}

describe("ByteTransformStream property", () => {
  it("delivers what the transformer emitted, under random chunkings, steps and reads", async () => {
    const step = fc.record({
      take: fc.integer({ min: 0, max: 9 }),
      copy: fc.boolean(),
      partial: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(
        inputArbitrary([1, 2, 3, 4, 5, 6, 7]),
        fc.array(step, { minLength: 1, maxLength: 8 }),
        async ({ data, cuts, offset, plan }, steps) => {
          const { stream, records } = randomTransformer(steps);
          const output = await runThrough(stream, split(data, cuts, offset), plan);
          assert.deepEqual(output.map((c) => [...c]), asRead(records, plan));
          const { bytesIn, bytesOut, bytesViewed, bytesCopied } = stream.stats;
          assert.equal(bytesIn, data.length);
          assert.equal(bytesOut, data.length);
          assert.ok(bytesViewed <= bytesOut);
          if (readsRecords(plan)) assert.ok(bytesViewed + bytesCopied >= bytesOut);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
