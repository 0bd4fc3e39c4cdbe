import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { UnexpectedEofError } from "../mod.ts";

describe("UnexpectedEofError", () => {
  it("carries the partial view and names the counts in its message", () => {
    const partial = new Uint8Array([7, 8, 9]);
    const error = new UnexpectedEofError(partial, 8);
    assert.equal(error.partial, partial);
    assert.equal(error.wanted, 8);
    assert.equal(error.name, "UnexpectedEofError");
    assert.match(error.message, /read 3 of 8 bytes/);
  });
});
