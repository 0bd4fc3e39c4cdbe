import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { runtime } from "../../src/runtime/adapter.ts";
import { fallbackRuntime } from "../../src/runtime/fallback.ts";
import { canMap } from "../file/_fixtures.ts";
import { runtime as host } from "../file/_subprocess.ts";
import { adapterContract } from "./_contract.ts";

describe("runtime detection", () => {
  it("picks this runtime's adapter", () => {
    // Node has no FFI: node:fs, with mapFile reading instead of mapping.
    assert.equal(runtime.name, { bun: "bun", deno: "deno", node: "fallback" }[host]);
  });

  it("can map exactly when this process may use FFI", () => {
    assert.equal(runtime.mapUnavailable() === undefined, canMap);
    assert.notEqual(fallbackRuntime.mapUnavailable(), undefined);
  });
});

adapterContract(runtime);
adapterContract(fallbackRuntime);
