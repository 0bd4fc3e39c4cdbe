// The package as a user of this runtime installs it, in a fresh project outside the repository:
// Bun and Node install JSR's npm-compatibility build (what `bunx jsr add` / `npx jsr add` give),
// Deno names the published files through an import map (what `deno add jsr:` gives). Every recipe
// of the README is copied into the project and run there; in Bun, the every-core recipe is also
// compiled into one executable and run with its Workers; in Deno, `deno compile` is checked as far
// as it works offline.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { run, runtime } from "../file/_subprocess.ts";
import { recipes, serveRecipes, unparsedReason } from "../examples/_recipes.ts";
import {
  buildNpmTarball,
  copyRecipes,
  denoProject,
  freshFolder,
  installProject,
  noNpmBuildReason,
  packageName,
  root,
  succeeded,
} from "./_install.ts";
import { runtimeLoadedModules } from "./_graph.ts";

const label = runtime === "deno"
  ? "Deno, the published files through an import map"
  : `${runtime === "bun" ? "Bun" : `Node ${process.versions.node}`}, JSR's npm build`;

const noNpmReason = runtime !== "node" ||
    spawnSync("npm", ["--version"], { stdio: "ignore" }).status === 0
  ? false
  : "needs npm on the PATH to install the package as a Node user does";
const skip = runtime === "deno" ? false : noNpmBuildReason || noNpmReason;

const scratch = freshFolder("installed");
const project = join(scratch, "project");
const inputDir = join(scratch, "inputs");
const server = serveRecipes();
/** Where the package's files are in the project. */
const installed = runtime === "deno"
  ? join(project, "jsr")
  : join(project, "node_modules", ...packageName.split("/"));

before(async () => {
  if (skip) return;
  for (const dir of [project, inputDir]) mkdirSync(dir, { recursive: true });
  if (runtime === "deno") await denoProject(project);
  else {
    const tarball = await buildNpmTarball(join(scratch, "build"));
    const installer = runtime === "bun"
      ? [process.execPath, "install", "--no-save"]
      : ["npm", "install", "--no-audit", "--no-fund", "--no-package-lock"];
    await installProject(project, tarball, installer);
  }
  copyRecipes(project);
});
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The command that runs `file` of the project in this runtime, as its user would. */
function command(file: string, args: string[], denoFlags: string[]): string[] {
  return runtime === "deno"
    ? [process.execPath, "run", "--quiet", "--no-lock", ...denoFlags, file, ...args]
    : [process.execPath, file, ...args];
}

describe(`the package installed in a fresh project (${label})`, { skip }, () => {
  it("has every module the package loads at run time, as the build runs it", () => {
    const extension = runtime === "deno" ? ".ts" : ".js";
    const missing = runtimeLoadedModules().map((module) => module.replace(/\.ts$/, extension))
      .filter((module) => !existsSync(join(installed, module)));
    assert.deepEqual(missing, []);
  });

  it("loads, with every export of mod.ts", { timeout: 60_000 }, async () => {
    writeFileSync(
      join(project, "exports.mjs"),
      `import * as zerocopy from "${packageName}";\n` +
        "console.log(JSON.stringify(Object.keys(zerocopy).sort()));\n",
    );
    const result = succeeded(
      "exports.mjs",
      await run(command("exports.mjs", [], ["--allow-read"]), { cwd: project, timeoutMs: 50_000 }),
    );
    const expected = Object.keys(await import("../../mod.ts")).sort();
    assert.deepEqual(JSON.parse(result.stdout), expected);
  });

  for (const recipe of recipes) {
    const source = readFileSync(join(root, "examples", "recipes", recipe.file), "utf8");
    it(`${recipe.file}, copied into the project, prints the known answer`, {
      skip: unparsedReason(source),
      timeout: 60_000,
    }, async () => {
      const given = { dir: inputDir, url: server.url(), received: server.received };
      const result = await run(command(recipe.file, recipe.args(given), recipe.deno), {
        cwd: project,
        timeoutMs: 50_000,
      });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout.trim(), recipe.prints(given));
      recipe.check?.(given);
    });
  }

  it("bun build --compile of the every-core recipe runs scanFile on Workers, with no files", {
    skip: runtime === "bun" ? false : "Bun only (bun build --compile)",
    timeout: 120_000,
  }, async () => {
    const binary = join(scratch, "compiled", "every_core");
    // The command docs/parallel.md gives: the worker modules are entry points of their own.
    succeeded(
      "bun build --compile",
      await run([
        process.execPath,
        "build",
        "--compile",
        "every_core.ts",
        "every_core_worker.ts",
        `node_modules/${packageName}/src/parallel/_scan_worker.js`,
        "--entry-naming",
        "[name].[ext]",
        "--outfile",
        binary,
      ], { cwd: project, timeoutMs: 100_000 }),
    );
    const recipe = recipes.find((recipe) => recipe.file === "every_core.ts")!;
    const given = { dir: inputDir, url: server.url(), received: server.received };
    const args = recipe.args(given);
    assert.equal(args[1], "0", "the recipe's test must start Workers (parallelFrom 0)");
    // The project moved away: the program may only use what it embedded.
    renameSync(project, `${project}-away`);
    try {
      const result = await run([binary, ...args], { cwd: scratch, timeoutMs: 50_000 });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout.trim(), recipe.prints(given));
    } finally {
      renameSync(`${project}-away`, project);
    }
  });

  it("deno compile of the every-core recipe takes its worker with --include", {
    skip: runtime === "deno" ? false : "Deno only (deno compile)",
    timeout: 120_000,
  }, async () => {
    // deno compile downloads its runtime binary (denort), which cannot be fetched here: the deno
    // binary itself stands in for it, so the program is built (and lists what it embeds) but does
    // not run as a compiled program. What it embeds is the module graph's code dependencies
    // (tests/package/graph_test.ts) and what --include names.
    const output = join(scratch, "deno-compiled");
    const result = succeeded(
      "deno compile",
      await run([
        process.execPath,
        "compile",
        "--no-check",
        "--allow-read",
        "--allow-ffi",
        "--include",
        "every_core_worker.ts",
        "--output",
        output,
        "every_core.ts",
      ], { cwd: project, env: { DENORT_BIN: process.execPath }, timeoutMs: 100_000 }),
    );
    assert.match(result.stdout + result.stderr, /every_core_worker\.ts/);
    assert.ok(existsSync(output));
    rmSync(output, { force: true });
  });
});
