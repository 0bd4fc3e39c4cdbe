// The every-core recipe runs on Workers and in one thread alike, and says how to call it.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { makeScratch, removeScratch, writeScratch } from "../file/_fixtures.ts";
import { run, scriptCommand } from "../file/_subprocess.ts";

const example = fileURLToPath(new URL("../../examples/recipes/every_core.ts", import.meta.url));
const dir = makeScratch("every-core");
after(() => removeScratch(dir));

describe("examples/recipes/every_core.ts", () => {
  // 30,000 lines, the longest (500 bytes) at line 20,000, the last one without a newline.
  const lines = Array.from({ length: 30_000 }, (_, i) => i === 20_000 ? "L".repeat(500) : `${i}`);
  const path = writeScratch(dir, "lines.txt", lines.join("\n"));
  const longestAt = lines.slice(0, 20_000).join("\n").length + 1;

  for (const parallelFrom of ["0", "1000000000"]) {
    it(`counts the lines and finds the longest (parallelFrom ${parallelFrom})`, {
      timeout: 60_000,
    }, async () => {
      const result = await run(scriptCommand(example, [path, parallelFrom]), { timeoutMs: 50_000 });
      assert.equal(result.code, 0, result.stderr);
      assert.match(
        result.stdout,
        new RegExp(`^30000 lines; the longest has 500 bytes, at byte ${longestAt} \\(`),
      );
    });
  }

  it("fails with its usage line when no file is given", async () => {
    const result = await run(scriptCommand(example), { timeoutMs: 50_000 });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /usage: every_core\.ts <file> \[parallelFrom\]/);
  });
});
