// The README's recipes are the files in examples/recipes/, word for word, and each one runs as its
// command lines say, in this runtime, from the repository, on inputs whose answers are known (the
// list is in _recipes.ts; tests/package/installed_test.ts runs them from the installed package).
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { makeScratch, removeScratch, writeScratch } from "../file/_fixtures.ts";
import { run, runtime, scriptCommand } from "../file/_subprocess.ts";
import { frames, recipes, serveRecipes, unparsedReason, zipBytes } from "./_recipes.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const readme = readFileSync(`${root}README.md`, "utf8");
const noZipReason = ["zip", "unzip"].some((tool) => spawnSync(tool, ["-v"]).status !== 0)
  ? "needs zip(1) and unzip(1) (Debian: apt-get install zip unzip)"
  : false;
const dir = makeScratch("recipes");
after(() => removeScratch(dir));
const server = serveRecipes();

/** The README's code block right after the line naming `file` (from the root), or undefined. */
function readmeBlock(file: string): string | undefined {
  const at = readme.indexOf(`<!-- recipe: ${file} -->`);
  if (at === -1) return undefined;
  const start = readme.indexOf("```ts", at);
  const code = readme.indexOf("\n", start) + 1;
  return readme.slice(code, readme.indexOf("```\n", code));
}

describe("README recipes", () => {
  for (const recipe of recipes) {
    const path = `${root}examples/recipes/${recipe.file}`;
    const script = `examples/recipes/${recipe.file}`;
    it(`${recipe.file} is in the README word for word, with its command lines`, () => {
      for (const file of [recipe.file, ...recipe.modules ?? []]) {
        const shown = readmeBlock(`examples/recipes/${file}`);
        assert.equal(shown, readFileSync(`${root}examples/recipes/${file}`, "utf8"), file);
      }
      assert.ok(
        readme.includes(`deno run ${recipe.deno.join(" ")} ${script} ${recipe.shown}\n`),
        `the Deno command line of ${recipe.file}`,
      );
      assert.ok(
        readme.includes(`bun ${script} ${recipe.shown}\n`),
        `the Bun command line of ${recipe.file}`,
      );
      assert.ok(
        readme.includes(`node ${script} ${recipe.shown}\n`),
        `the Node command line of ${recipe.file}`,
      );
    });

    it(`${recipe.file} runs in ${runtime} and prints the known answer`, {
      skip: unparsedReason(readFileSync(path, "utf8")),
      timeout: 60_000,
    }, async () => {
      const inputs = { dir, url: server.url(), received: server.received };
      const result = await run(scriptCommand(path, recipe.args(inputs), recipe.deno), {
        timeoutMs: 50_000,
      });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout.trim(), recipe.prints(inputs));
      recipe.check?.(inputs);
    });
  }

  it("length_prefixed.ts names the frame a file cuts short", { timeout: 60_000 }, async () => {
    const cut = writeScratch(dir, "cut.bin", frames.subarray(0, frames.length - 2));
    const result = await run(
      scriptCommand(`${root}examples/recipes/length_prefixed.ts`, [cut], ["--allow-read"]),
      { timeoutMs: 50_000 },
    );
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /frame 4 is cut short: 3 of 5 bytes/);
  });

  it("zip_directory.ts reads an archive made by zip(1), as unzip(1) tests it", {
    skip: noZipReason,
    timeout: 60_000,
  }, async () => {
    const made = `${dir}/made`;
    mkdirSync(`${made}/docs`, { recursive: true });
    writeFileSync(`${made}/docs/a.txt`, "alpha\n".repeat(1000));
    writeFileSync(`${made}/b.bin`, new Uint8Array(5000).map((_, i) => (i * 7) % 256));
    const zipped = spawnSync("zip", ["-q", "-r", "-X", "../made.zip", "docs", "b.bin"], {
      cwd: made,
    });
    assert.equal(zipped.status, 0, String(zipped.stderr));
    const result = await run(
      scriptCommand(`${root}examples/recipes/zip_directory.ts`, [`${dir}/made.zip`, "docs/a.txt"], [
        "--allow-read",
      ]),
      { timeoutMs: 50_000 },
    );
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split("\n");
    assert.match(
      lines.find((line) => line.endsWith("  b.bin")) ?? "",
      /^ {4}5000 {2}(stored |deflate) {2}b\.bin$/,
    );
    assert.match(
      lines.find((line) => line.endsWith("  docs/a.txt")) ?? "",
      /^ {4}6000 {2}deflate {2}docs\/a\.txt$/,
    );
    assert.ok(result.stdout.endsWith("alpha\n".repeat(1000)));
    // The hand-made archive of the recipe test is a valid ZIP file too.
    const tested = spawnSync("unzip", ["-t", writeScratch(dir, "handmade.zip", zipBytes)]);
    assert.equal(tested.status, 0, String(tested.stdout));
  });

  it("every file of examples/recipes/ is a recipe or a module of one, in the README", () => {
    const files = recipes.flatMap((recipe) => [recipe.file, ...recipe.modules ?? []]).sort();
    const listed = [...readme.matchAll(/<!-- recipe: examples\/recipes\/(\S+) -->/g)].map((m) =>
      m[1]
    );
    assert.deepEqual([...new Set(listed)].sort(), files);
    assert.deepEqual(readdirSync(`${root}examples/recipes`).sort(), files);
  });

  it("every example imports the package by its name, never a path into it", () => {
    const examples = readdirSync(`${root}examples`, { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts"));
    const relative = examples.filter((file) =>
      /from\s+"(\.\.\/)+(mod\.ts|src\/)/.test(readFileSync(`${root}examples/${file}`, "utf8"))
    );
    assert.deepEqual(relative, []);
  });
});
