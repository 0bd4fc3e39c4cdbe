// The newer built-ins the package calls without a fallback are in every runtime it supports (Deno,
// Bun, Node 22 and 24). Node 20 lacks ArrayBuffer.prototype.transfer and detached: it is not
// supported, and this test is what says so first.
import { describe, it } from "node:test";
import assert from "node:assert/strict";

describe("built-ins the package relies on", () => {
  it("ArrayBuffer transfer, detached and resizable buffers", () => {
    const buffer = new ArrayBuffer(8, { maxByteLength: 16 });
    assert.equal(buffer.resizable, true);
    const moved = new ArrayBuffer(4).transfer();
    assert.equal(moved.byteLength, 4);
    const detached = new ArrayBuffer(4);
    detached.transfer(0);
    assert.equal(detached.detached, true);
  });

  it("Symbol.dispose and Symbol.asyncDispose, for `using` in callers' code", () => {
    assert.equal(typeof Symbol.dispose, "symbol");
    assert.equal(typeof Symbol.asyncDispose, "symbol");
  });

  it("URL.canParse, AbortSignal.throwIfAborted, structuredClone, SharedArrayBuffer and Atomics", () => {
    assert.equal(URL.canParse("file:///x"), true);
    assert.doesNotThrow(() => new AbortController().signal.throwIfAborted());
    const shared = new SharedArrayBuffer(8);
    Atomics.add(new BigInt64Array(structuredClone(shared)), 0, 5n); // a clone shares the memory
    assert.equal(Atomics.load(new BigInt64Array(shared), 0), 5n);
  });

  it("byte streams with BYOB readers, and navigator.hardwareConcurrency", () => {
    const stream = new ReadableStream({ type: "bytes" });
    const reader = stream.getReader({ mode: "byob" });
    reader.releaseLock();
    assert.ok(navigator.hardwareConcurrency >= 1);
  });
});
