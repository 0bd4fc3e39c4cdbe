import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { runtime } from "../../src/runtime/adapter.ts";
import { fallbackRuntime } from "../../src/runtime/fallback.ts";
import { canMap } from "../file/_fixtures.ts";
import { adapterContract } from "./_contract.ts";

describe("runtime detection", () => {
  it("picks this runtime's adapter", () => {
    assert.equal(runtime.name, "Bun" in globalThis ? "bun" : "deno");
  });

  it("can map exactly when this process may use FFI", () => {
    assert.equal(runtime.mapUnavailable() === undefined, canMap);
    assert.notEqual(fallbackRuntime.mapUnavailable(), undefined);
  });
});

adapterContract(runtime);
adapterContract(fallbackRuntime);
