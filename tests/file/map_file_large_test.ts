// Safety tests for mapFile on a sparse 5 GiB file: windows past 4 GiB, and a whole map that works
// or says why not, run in a child so a runtime that aborts cannot take the suite down.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { closeSync, ftruncateSync, openSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { mapFile } from "../../mod.ts";
import { type ChildReport, GiB, mapChild, scratch } from "./_safety.ts";
import { lastJson, run, runtime, scriptCommand } from "./_subprocess.ts";
import { noMapReason } from "./_fixtures.ts";

describe("mapFile on a sparse 5 GiB file", () => {
  // Marks written past 4 GiB: one straddles a page boundary, one ends the file.
  const marks = [
    { at: 4 * GiB + 4093, text: "past four gibibytes" },
    { at: 5 * GiB - 8, text: "the end!" },
  ];

  function makeSparse(dir: string): string {
    const path = join(dir, "sparse.bin");
    const fd = openSync(path, "w");
    try {
      ftruncateSync(fd, 5 * GiB);
      for (const { at, text } of marks) {
        writeSync(fd, new TextEncoder().encode(text), 0, text.length, at);
      }
    } finally {
      closeSync(fd);
    }
    return path;
  }

  it("maps windows at offsets past 4 GiB and sees the bytes written there", {
    timeout: 60_000,
  }, () => {
    const dir = scratch();
    try {
      const path = makeSparse(dir);
      for (const { at, text } of marks) {
        // An unaligned window that starts a little before the mark.
        using slice = mapFile(path, { offset: at - 3, length: text.length + 3 });
        assert.equal(slice.byteLength, text.length + 3);
        assert.deepEqual([...slice.bytes.subarray(0, 3)], [0, 0, 0]);
        assert.equal(new TextDecoder().decode(slice.bytes.subarray(3)), text);
      }
      using hole = mapFile(path, { offset: 4 * GiB + 1, length: 1 << 20 });
      assert.equal(hole.bytes.indexOf(1), -1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("maps the whole file or says clearly why not, without taking the process down", {
    skip: noMapReason,
    timeout: 120_000,
  }, async () => {
    const dir = scratch();
    try {
      const path = makeSparse(dir);
      // Each map runs in a child: a runtime that aborts on a big map must fail this test, not
      // end the suite. Deno's ArrayBuffers hold 5 GiB; Bun's stop at 4 GiB.
      const requests = [
        { offset: 0, length: 5 * GiB, fitsEverywhere: false },
        { offset: GiB, length: 4 * GiB, fitsEverywhere: true },
      ];
      for (const { offset, length, fitsEverywhere } of requests) {
        const probes = marks.map(({ at }) => String(at - offset));
        const args = ["map", path, String(offset), String(length), ...probes];
        const result = await run(scriptCommand(mapChild, args), { timeoutMs: 60_000 });
        const what = `mapping ${length} bytes at ${offset}`;
        assert.equal(
          result.signal,
          null,
          `${what} killed the child (${result.signal}):\n${result.stderr}`,
        );
        assert.equal(result.timedOut, false, `${what} took too long`);
        const report = lastJson<ChildReport>(result);
        if (runtime === "deno" || fitsEverywhere) {
          assert.equal(report.ok, true, `${what} failed: ${report.message}`);
        }
        if (report.ok) {
          assert.equal(report.mapped, true);
          assert.equal(report.byteLength, length);
          assert.deepEqual(report.probed, marks.map(({ text }) => text.charCodeAt(0)));
        } else {
          // Too big for one view here: the error says why (the limit and the size) and for which file.
          assert.equal(report.name, "RangeError", String(report.message));
          assert.match(report.message ?? "", new RegExp(`at most \\d+ bytes.*${length}`));
          assert.ok(report.message?.includes(path), `no path in: ${report.message}`);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
