// The README's recipes are the files in examples/recipes/, word for word, and each one runs as its
// command lines say, in this runtime, on inputs whose answers are known.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { makeScratch, removeScratch, writeScratch } from "../file/_fixtures.ts";
import { run, runtime, scriptCommand } from "../file/_subprocess.ts";
import { makeZip } from "./_zip.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const readme = readFileSync(`${root}README.md`, "utf8");
const noZipReason = ["zip", "unzip"].some((tool) => spawnSync(tool, ["-v"]).status !== 0)
  ? "needs zip(1) and unzip(1) (Debian: apt-get install zip unzip)"
  : false;
const dir = makeScratch("recipes");
after(() => removeScratch(dir));

interface Recipe {
  file: string;
  /** The Deno permissions its command line shows (and the test runs it with). */
  deno: string[];
  /** Arguments after the script, as the README's command lines show them. */
  shown: string;
  /** The arguments this test runs it with, and what it must print. */
  args: () => string[];
  prints: RegExp | (() => RegExp);
  check?: () => void;
}

const text = Array.from(
  { length: 5000 },
  (_, i) => `${i % 7 === 0 ? "ERROR" : "INFO"} ${"é".repeat(i % 50)}`,
)
  .join("\n");
const ndjson = '{"a":1,"b":2}\n\n{"c":[1,2]}\r\n{"a":3}\n';
const frames = (() => {
  const payloads = [3, 0, 70_000, 5].map((length) => new Uint8Array(length).fill(length % 256));
  const bytes = new Uint8Array(payloads.reduce((sum, payload) => sum + 4 + payload.length, 0));
  let at = 0;
  for (const payload of payloads) {
    new DataView(bytes.buffer).setUint32(at, payload.length);
    bytes.set(payload, at + 4);
    at += 4 + payload.length;
  }
  return bytes;
})();
const longText = Array.from({ length: 400 }, (_, i) => `line ${i} of the notes`).join("\n") + "\n";
const zipMembers = [
  { name: "hello.txt", data: new TextEncoder().encode("Hello, ZIP!\n") },
  { name: "notes/long.txt", data: new TextEncoder().encode(longText), deflate: true },
  { name: "empty/", data: new Uint8Array(0) },
];
const zipBytes = await makeZip(zipMembers, "a comment after the end record");
const zipListing = [
  "      12  stored   hello.txt",
  `${String(longText.length).padStart(8)}  deflate  notes/long.txt`,
  "       0  stored   empty/",
  `3 members, ${12 + longText.length} bytes`,
  longText.trimEnd(),
].join("\n");
const body = new Uint8Array(300_000).map((_, i) => (i * 31) % 256);
const checksum = body.reduce((sum, byte) => (sum + byte) % 65521, 0);

let server: Server;
let url = "";
const received = new Map<string, number>();
before(async () => {
  server = createServer((request, response) => {
    if (request.method === "PUT") {
      let length = 0;
      request.on("data", (chunk: Uint8Array) => length += chunk.length);
      request.on("end", () => {
        received.set(request.url!, length);
        response.end("ok");
      });
    } else response.end(body);
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((closed) => server.close(() => closed())));

const recipes: Recipe[] = [
  {
    file: "count_lines.ts",
    deno: ["--allow-read"],
    shown: "big.log",
    args: () => [writeScratch(dir, "count.log", text)],
    prints: /^5000 lines; the longest has 104 bytes, at byte 2653$/,
  },
  {
    file: "grep.ts",
    deno: ["--allow-read"],
    shown: "big.log ERROR",
    args: () => [writeScratch(dir, "grep.log", text), "ERROR"],
    // Lines 1, 8, 15, ... hold ERROR; line 8 is "ERROR" and 7 "é".
    prints:
      /^1:ERROR \n8:ERROR é{7}\n15:ERROR é{14}\n[^]*\n4999:ERROR é{48}\n715 of 5000 lines hold ERROR$/,
  },
  {
    file: "map_scan.ts",
    deno: ["--allow-read", "--allow-ffi"],
    shown: "big.log ERROR",
    args: () => [writeScratch(dir, "scan.log", text), "ERROR"],
    prints: new RegExp(`^715 lines start with ERROR \\((mapped|read)\\)$`),
  },
  {
    file: "copy_file.ts",
    deno: ["--allow-read", "--allow-write"],
    shown: "big.log copy.log",
    args: () => [writeScratch(dir, "from.log", text), `${dir}/to.log`],
    prints: new RegExp(`^copied ${new TextEncoder().encode(text).length} bytes$`),
    check: () => assert.equal(readFileSync(`${dir}/to.log`, "utf8"), text),
  },
  {
    file: "ndjson.ts",
    deno: ["--allow-read"],
    shown: "events.ndjson",
    args: () => [writeScratch(dir, "events.ndjson", ndjson)],
    prints: /^3 values, 1 blank lines; keys: a, b, c$/,
  },
  {
    file: "upload_parts.ts",
    deno: ["--allow-read", "--allow-net"],
    shown: "big.log http://localhost:8000/upload",
    args: () => [writeScratch(dir, "upload.bin", body), `${url}/upload`, "100000"],
    prints: /^3 parts uploaded$/,
    check: () =>
      assert.deepEqual(
        Object.fromEntries(received),
        { "/upload/1": 100_000, "/upload/2": 100_000, "/upload/3": 100_000 },
      ),
  },
  {
    file: "fetch_into_buffer.ts",
    deno: ["--allow-net"],
    shown: "https://example.com/",
    args: () => [`${url}/body`],
    prints: () => new RegExp(`^300000 bytes, checksum ${checksum}$`),
  },
  {
    file: "length_prefixed.ts",
    deno: ["--allow-read"],
    shown: "frames.bin",
    args: () => [writeScratch(dir, "frames.bin", frames)],
    prints: /^4 frames, 70008 payload bytes$/,
  },
  {
    file: "zip_directory.ts",
    deno: ["--allow-read"],
    shown: "archive.zip notes/todo.txt",
    args: () => [writeScratch(dir, "archive.zip", zipBytes), "notes/long.txt"],
    // The output starts with spaces (a right-aligned size), which the comparison trims.
    prints: new RegExp(`^${zipListing.trimStart().replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`),
  },
];

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
    it(`${recipe.file} is in the README word for word, with its two command lines`, () => {
      assert.equal(readmeBlock(`examples/recipes/${recipe.file}`), readFileSync(path, "utf8"));
      const script = `examples/recipes/${recipe.file}`;
      assert.ok(
        readme.includes(`deno run ${recipe.deno.join(" ")} ${script} ${recipe.shown}\n`),
        `the Deno command line of ${recipe.file}`,
      );
      assert.ok(
        readme.includes(`bun ${script} ${recipe.shown}\n`),
        `the Bun command line of ${recipe.file}`,
      );
    });

    it(
      `${recipe.file} runs in ${runtime} and prints the known answer`,
      { timeout: 60_000 },
      async () => {
        const result = await run(scriptCommand(path, recipe.args(), recipe.deno), {
          timeoutMs: 50_000,
        });
        assert.equal(result.code, 0, result.stderr);
        const prints = typeof recipe.prints === "function" ? recipe.prints() : recipe.prints;
        assert.match(result.stdout.trim(), prints);
        recipe.check?.();
      },
    );
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

  it("the every-core recipe is examples/count_lines.ts word for word", () => {
    const file = "examples/count_lines.ts";
    assert.equal(readmeBlock(file), readFileSync(`${root}${file}`, "utf8"));
    assert.ok(readme.includes(`deno run --allow-read --allow-ffi ${file} big.log\n`));
    assert.ok(readme.includes(`bun ${file} big.log\n`));
  });

  it("every recipe file is in the README", () => {
    const files = recipes.map((recipe) => recipe.file).sort();
    const listed = [...readme.matchAll(/<!-- recipe: examples\/recipes\/(\S+) -->/g)].map((m) =>
      m[1]
    );
    assert.deepEqual([...new Set(listed)].sort(), files);
  });
});
