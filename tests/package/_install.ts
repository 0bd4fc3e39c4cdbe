// The package as users install it, in a fresh project outside the repository: JSR's
// npm-compatibility build (what `bunx jsr add` and `npx jsr add` install), made offline by the
// shared jsr_npm tool, installed with Bun or npm; or, for Deno, the files `deno publish` would
// upload, named by an import map as `deno add jsr:` would.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { run, type RunResult } from "../file/_subprocess.ts";

/** The repository's root folder. */
export const root: string = fileURLToPath(new URL("../../", import.meta.url));

/** The tool that builds JSR's npm tarball offline, beside the repository. */
const tool = join(root, "..", "shared", "tools", "jsr_npm", "jsr_npm_tarball.mjs");
const deno = join(root, "node_modules", ".bin", "deno");
const typescript = join(root, "node_modules", "@tsd", "typescript");

/** Why JSR's npm build cannot be made here, or false. */
export const noNpmBuildReason: string | false = !existsSync(tool)
  ? "needs ../shared/tools/jsr_npm/ beside the repository (JSR's npm build, made offline)"
  : !existsSync(deno) || !existsSync(typescript)
  ? "needs npm ci (deno and @tsd/typescript in node_modules)"
  : false;

/** The name a user imports, and the package's own name (deno.json) for the tarball. */
export const packageName = "@zerocopy/streams";

/** A Node binary to run the build tool with: this one in Node, else the pinned 24, else PATH's. */
function nodeBinary(): string {
  if (!("Bun" in globalThis) && !("Deno" in globalThis)) return process.execPath;
  const pinned = join(root, "node_modules", "node24", "bin", "node");
  return existsSync(pinned) ? pinned : "node";
}

/** Fails with everything the command printed unless it exited 0. */
export function succeeded(what: string, result: RunResult): RunResult {
  if (result.code !== 0) {
    throw new Error(
      `${what} exited ${result.code} (signal ${result.signal}, timed out ${result.timedOut}):\n` +
        `${result.stdout}\n${result.stderr}`,
    );
  }
  return result;
}

/** A fresh folder in the system's temp folder, outside the repository. */
export function freshFolder(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `zc-${prefix}-`));
}

/** Builds JSR's npm tarball of the repository into `out`; returns the tarball's path. */
export async function buildNpmTarball(out: string): Promise<string> {
  const result = succeeded(
    "jsr_npm_tarball.mjs",
    await run([nodeBinary(), tool, root, out, deno, typescript], { timeoutMs: 120_000 }),
  );
  const { tarball } = JSON.parse(result.stdout) as { tarball: string };
  return join(out, tarball);
}

/**
 * A fresh project in `dir` that depends on the tarball under the package's name, as `jsr add`
 * writes it, installed with `installer` (["bun", "install"] or ["npm", "install"]).
 */
export async function installProject(
  dir: string,
  tarball: string,
  installer: string[],
): Promise<void> {
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({
      name: "fresh-project",
      private: true,
      type: "module",
      dependencies: { [packageName]: `file:${tarball}` },
    }),
  );
  succeeded(
    installer.join(" "),
    await run([...installer], { cwd: dir, timeoutMs: 120_000 }),
  );
}

/** The files `deno publish --dry-run` lists, relative to the root. */
export async function publishedFiles(): Promise<string[]> {
  const result = succeeded(
    "deno publish --dry-run",
    await run([deno, "publish", "--dry-run", "--allow-dirty"], { cwd: root, timeoutMs: 120_000 }),
  );
  // The list goes to stderr, one file URL per line followed by its size.
  const output = result.stdout + result.stderr;
  return [...output.matchAll(/(file:\/\/\S+)\s+\(/g)].map((match) =>
    relative(root, fileURLToPath(match[1]))
  );
}

/**
 * A fresh Deno project in `dir`: the published files copied to `dir/jsr/`, and a deno.json whose
 * import map names them as `deno add jsr:@zerocopy/streams` names the package.
 */
export async function denoProject(dir: string): Promise<string[]> {
  const files = await publishedFiles();
  for (const file of files) {
    const target = join(dir, "jsr", file);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(root, file), target);
  }
  writeFileSync(
    join(dir, "deno.json"),
    JSON.stringify({ imports: { [packageName]: "./jsr/mod.ts" } }),
  );
  return files;
}

/** Copies every file of examples/recipes/ into `dir`, as a user copies a recipe. */
export function copyRecipes(dir: string): string[] {
  const recipes = join(root, "examples", "recipes");
  const files = readdirSync(recipes);
  for (const file of files) copyFileSync(join(recipes, file), join(dir, file));
  return files;
}
