// What `deno publish` uploads: the library, its docs, and nothing else (no tests, no benchmark
// code, no data); and every relative link of the published pages leads to a published file, so
// that the package's page on the registry has no dead link.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { publishedFiles, root } from "./_install.ts";

const deno = join(root, "node_modules", ".bin", "deno");
let files: string[] = [];
before(async () => {
  if (existsSync(deno)) files = await publishedFiles();
});

/** What may be published: the library, its licence and config, and documentation. */
const allowed = [
  /^mod\.ts$/,
  /^src\/.+\.ts$/,
  // The search kernel's WebAssembly text, beside the module that embeds its bytes.
  /^src\/search\/_kernel\.wat$/,
  /^(README|CONTRIBUTING)\.md$/,
  /^LICENSE$/,
  /^deno\.json$/,
  /^docs\/[^/]+\.md$/,
  /^bench\/(README|RESULTS)\.md$/,
  /^bench\/chart\.svg$/,
];

describe("the published files", {
  skip: existsSync(deno) ? false : "needs npm ci (deno in node_modules)",
}, () => {
  it("are the library and its docs only: no tests, benchmark code or data", () => {
    assert.ok(files.includes("mod.ts") && files.includes("README.md"), files.join(", "));
    assert.deepEqual(files.filter((file) => !allowed.some((pattern) => pattern.test(file))), []);
    assert.deepEqual(files.filter((file) => /_test\.ts$/.test(file)), []);
  });

  it("include every page the README links to, and their links resolve too", () => {
    const pages = files.filter((file) => file.endsWith(".md"));
    const dead: string[] = [];
    for (const page of pages) {
      const text = readFileSync(join(root, page), "utf8");
      // Markdown links and images: [text](target) and ![alt](target), outside code spans.
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target) || target.startsWith("#")) continue;
        const file = normalize(join(dirname(page), target.split("#")[0]));
        if (!files.includes(file)) dead.push(`${page} -> ${target}`);
      }
    }
    assert.deepEqual(dead, []);
  });

  it("include the module docs' relative links' targets", () => {
    const text = readFileSync(join(root, "mod.ts"), "utf8");
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1])
      .filter((target) => !/^[a-z]+:/.test(target) && !target.startsWith("#"));
    assert.deepEqual(targets.filter((target) => !files.includes(normalize(target))), []);
  });

  it("are published by a workflow with an OIDC token (provenance), after the whole check", () => {
    const workflow = readFileSync(join(root, ".github", "workflows", "publish.yml"), "utf8");
    assert.match(workflow, /^\s+id-token: write$/m);
    assert.match(workflow, /^\s+- run: npm ci$/m);
    assert.match(workflow, /^\s+- run: npm test$/m);
    assert.match(workflow, /^\s+- run: node_modules\/\.bin\/deno publish$/m);
  });
});
