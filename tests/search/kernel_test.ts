// The scanner's search kernel: the embedded bytes are the .wat source's, and the WebAssembly SIMD
// kernel answers exactly as the JavaScript one on random data, at every alignment and length.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { assembleKernel, kernelModuleText } from "../../scripts/_kernel_assemble.mjs";
import { type ScanMemory, scanMemory, simdAvailable } from "../../src/search/_kernel.ts";

const noSimd = simdAvailable ? false : "this runtime has no WebAssembly SIMD128";

describe("the scanner's kernel", () => {
  it("is embedded as the bytes its .wat source assembles to", async () => {
    const wat = readFileSync(new URL("../../src/search/_kernel.wat", import.meta.url), "utf8");
    const embedded = readFileSync(
      new URL("../../src/search/_kernel_wasm.ts", import.meta.url),
      "utf8",
    );
    assert.equal(
      embedded,
      kernelModuleText(await assembleKernel(wat)),
      "run node scripts/kernel.mjs",
    );
  });

  it("loads as the SIMD kernel in Deno, Bun and Node", { skip: noSimd }, () => {
    assert.equal(scanMemory(1 << 16, true).simd, true);
    assert.equal(scanMemory(1 << 16, false).simd, false);
  });

  /** Every position `find` reports over [from, to), resuming until it went through. */
  function findAll(
    memory: ScanMemory,
    from: number,
    to: number,
    first: number,
    second: number,
    cap: number,
  ): number[] {
    const out = 8;
    const found: number[] = [];
    for (let at = from; at < to;) {
      const count = memory.kernel.find(at, to, first, second, 0, out, cap);
      found.push(...memory.words.subarray(out >> 2, (out >> 2) + count));
      const resume = memory.kernel.resume();
      assert.ok(resume > at && resume <= to, `resume ${resume} moves forward within ${at}..${to}`);
      assert.ok(count <= cap + 63, `${count} found with cap ${cap}`);
      if (count < cap) assert.equal(resume, to, "stops early only with a full cap");
      at = resume;
    }
    return found;
  }

  function reference(bytes: Uint8Array, from: number, to: number, first: number, second: number) {
    const found: number[] = [];
    for (let p = from; p < to; p++) if (bytes[p] === first || bytes[p] === second) found.push(p);
    return found;
  }

  /** `length` pseudo-random bytes, `density` in 256 of them one of 0 to 3 (the needles). */
  function randomBytes(length: number, density: number, seed: number): Uint8Array {
    const bytes = new Uint8Array(length);
    let state = seed | 1;
    for (let i = 0; i < length; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const b = (state >>> 0) % 256;
      bytes[i] = b < density ? b % 4 : 100 + (b % 100);
    }
    return bytes;
  }

  const data = 1024; // where the data starts in the test memory; slots below it
  const input = fc.record({
    // Bytes 0 to 3 (the needles) at any density, so blocks hold from none to 64 of them.
    bytes: fc.record({
      length: fc.nat(700),
      density: fc.integer({ min: 1, max: 256 }),
      seed: fc.nat(),
    })
      .map(({ length, density, seed }) => randomBytes(length, density, seed)),
    head: fc.nat(70),
    tail: fc.nat(70),
    first: fc.nat(3),
    second: fc.nat(3),
    cap: fc.integer({ min: 1, max: 200 }),
    garbage: fc.nat(255),
  });

  /**
   * The same bytes in a SIMD memory and a JavaScript one, after `garbage` bytes the kernel must
   * not report; [from, to) leaves out `head` and `tail` bytes of them.
   */
  function memories(bytes: Uint8Array, head: number, tail: number, garbage: number) {
    const simd = scanMemory(data + 2048, true);
    const js = scanMemory(data + 2048, false);
    for (const memory of [simd, js]) {
      memory.bytes.fill(garbage, data);
      memory.bytes.set(bytes, data);
    }
    const from = data + Math.min(head, bytes.length);
    const to = Math.max(from, data + bytes.length - tail);
    return { simd, js, from, to };
  }

  it("find gives every position of one or two bytes, as JavaScript does", { skip: noSimd }, () => {
    fc.assert(
      fc.property(input, ({ bytes, head, tail, first, second, cap, garbage }) => {
        const { simd, js, from, to } = memories(bytes, head, tail, garbage);
        const expected = reference(simd.bytes, from, to, first, second);
        assert.deepEqual(findAll(simd, from, to, first, second, cap), expected);
        assert.deepEqual(findAll(js, from, to, first, second, cap), expected);
      }),
      { numRuns: 2000 },
    );
  });

  it("count counts one byte, as JavaScript does", { skip: noSimd }, () => {
    fc.assert(
      fc.property(input, ({ bytes, head, tail, first, garbage }) => {
        const { simd, js, from, to } = memories(bytes, head, tail, garbage);
        const expected = reference(simd.bytes, from, to, first, first).length;
        assert.equal(simd.kernel.count(from, to, first), expected);
        assert.equal(js.kernel.count(from, to, first), expected);
      }),
      { numRuns: 2000 },
    );
  });

  it(
    "count does not overflow its byte-wide counters on long runs of one byte",
    { skip: noSimd },
    () => {
      const length = 1 << 20;
      const memory = scanMemory(data + length + 64, true);
      memory.bytes.fill(10, data, data + length);
      assert.equal(memory.kernel.count(data, data + length, 10), length);
      assert.equal(memory.kernel.count(data + 3, data + length - 5, 10), length - 8);
      assert.equal(memory.kernel.count(data, data + length, 11), 0);
    },
  );

  it("grows keeping its bytes, with views made anew", () => {
    for (const simd of simdAvailable ? [true, false] : [false]) {
      const memory = scanMemory(1 << 16, simd);
      memory.bytes.set([1, 2, 3], 100);
      const before = memory.bytes;
      memory.grow(3 << 16);
      assert.ok(memory.bytes.length >= 3 << 16);
      assert.deepEqual([...memory.bytes.subarray(100, 103)], [1, 2, 3]);
      if (simd) assert.equal(before.length, 0, "a grown WebAssembly memory detaches old views");
    }
  });
});
