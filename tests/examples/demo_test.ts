// A small run of `npm run demo` on a small file, so the demo cannot rot unnoticed: every method in
// both runtimes agrees, the table is printed, and a bad path fails with a clear message.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const demo = fileURLToPath(new URL("../../examples/demo.mjs", import.meta.url));

const noNodeReason: string | false = (() => {
  const probe = spawnSync("node", ["--version"], { stdio: "ignore" });
  return probe.error || probe.status !== 0 ? "needs node to run the demo's runner" : false;
})();

function runDemo(args: string[]): { status: number | null; output: string } {
  const result = spawnSync("node", [demo, ...args], {
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("npm run demo", { skip: noNodeReason }, () => {
  it("scans a given file three ways in Deno and in Bun, and they agree", {
    timeout: 180_000,
  }, () => {
    const dir = mkdtempSync(join(tmpdir(), "zc-demo-"));
    try {
      const path = join(dir, "lines.txt");
      // 3 MiB, lines of varying length, a last line without a newline.
      const lines = Array.from({ length: 60_000 }, (_, i) => `${i} ${"x".repeat(i % 97)}`);
      writeFileSync(path, lines.join("\n"));
      const { status, output } = runDemo([path, "--runs", "1"]);
      assert.equal(status, 0, output);
      assert.match(output, /All 6 runs agree: 59999 lines, \d+ bytes\./);
      const rows = output.split("\n").filter((line) => /^\| (deno|bun) /.test(line))
        .map((line) => line.split("|").slice(1, -1).map((cell) => cell.trim()));
      const methods = rows.map(([runtime, method]) => `${runtime} ${method.split(" ")[0]}`);
      assert.deepEqual(methods, [
        "deno (runtime",
        "deno mapFile",
        "deno openFile",
        "deno Deno.readFile",
        "bun (runtime",
        "bun mapFile",
        "bun openFile",
        "bun Bun.file().arrayBuffer()",
      ]);
      for (const [runtime, method, speed, , , mappedFile] of rows) {
        if (method.startsWith("(")) continue;
        assert.match(speed, /^\d+(\.\d+)?(e-\d+)?$/, `${runtime} ${method} speed`);
        // Only mapFile holds the file's pages in a mapping of the file; the others hold none.
        if (method.startsWith("mapFile")) assert.match(mappedFile, /^[23]\.\d MiB$/);
        else assert.equal(mappedFile, "0 KiB", `${runtime} ${method} mapped the file`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fails with a clear message for a missing file or a directory", () => {
    const missing = runDemo([join(tmpdir(), "zc-no-such-folder", "missing.txt")]);
    assert.equal(missing.status, 1);
    assert.match(missing.output, /demo: no such file: .*missing\.txt/);
    const folder = runDemo([tmpdir()]);
    assert.equal(folder.status, 1);
    assert.match(folder.output, /demo: .* is a directory, not a file/);
  });
});
