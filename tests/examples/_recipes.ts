// The README's recipes, the programs in examples/recipes/: how each is shown and run, on inputs
// whose answers are known. Shared by the test that runs them from the repository
// (recipes_test.ts) and the one that runs them from the package as users install it
// (tests/package/installed_test.ts). A new recipe goes in this list.
import { after, before } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { writeScratch } from "../file/_fixtures.ts";
import { makeZip } from "./_zip.ts";

/** Where a recipe's inputs go, and the local server the network recipes talk to. */
export interface RecipeInputs {
  /** A scratch folder for the recipe's input and output files. */
  dir: string;
  /** The local server's base URL: GET answers a known body, PUT records the request's length. */
  url: string;
  /** The length of each PUT the server received, by path. */
  received: Map<string, number>;
}

/** One recipe: how the README shows it and how the tests run it. */
export interface Recipe {
  /** The file in examples/recipes/. */
  file: string;
  /** Modules it loads from beside it (a worker module), shown in the README after it. */
  modules?: string[];
  /** The Deno permissions its command line shows (and the tests run it with). */
  deno: string[];
  /** Arguments after the script, as the README's command lines show them. */
  shown: string;
  /** The arguments the tests run it with. */
  args: (inputs: RecipeInputs) => string[];
  /** What it must print (stdout, trimmed). */
  prints: (inputs: RecipeInputs) => RegExp;
  /** What else must hold once it ran. */
  check?: (inputs: RecipeInputs) => void;
}

const text = Array.from(
  { length: 5000 },
  (_, i) => `${i % 7 === 0 ? "ERROR" : "INFO"} ${"é".repeat(i % 50)}`,
)
  .join("\n");
const ndjson = '{"a":1,"b":2}\n\n{"c":[1,2]}\r\n{"a":3}\n';

/** Frames of the length-prefixed recipe: payloads of 3, 0, 70,000 and 5 bytes. */
export const frames: Uint8Array = (() => {
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
/** The archive of the ZIP recipe, written byte by byte (a valid ZIP file: unzip -t accepts it). */
export const zipBytes: Uint8Array = await makeZip(zipMembers, "a comment after the end record");
const zipListing = [
  "      12  stored   hello.txt",
  `${String(longText.length).padStart(8)}  deflate  notes/long.txt`,
  "       0  stored   empty/",
  `3 members, ${12 + longText.length} bytes`,
  longText.trimEnd(),
].join("\n");
const body = new Uint8Array(300_000).map((_, i) => (i * 31) % 256);
const checksum = body.reduce((sum, byte) => (sum + byte) % 65521, 0);
// 30,000 lines, the longest (500 bytes) at line 20,000, the last one without a newline.
const manyLines = Array.from({ length: 30_000 }, (_, i) => i === 20_000 ? "L".repeat(500) : `${i}`);
const longestAt = manyLines.slice(0, 20_000).join("\n").length + 1;

/** Every recipe of the README, in its order. */
export const recipes: Recipe[] = [
  {
    file: "count_lines.ts",
    deno: ["--allow-read"],
    shown: "big.log",
    args: ({ dir }) => [writeScratch(dir, "count.log", text)],
    prints: () => /^5000 lines; the longest has 104 bytes, at byte 2653$/,
  },
  {
    file: "grep.ts",
    deno: ["--allow-read"],
    shown: "big.log ERROR",
    args: ({ dir }) => [writeScratch(dir, "grep.log", text), "ERROR"],
    // Lines 1, 8, 15, ... hold ERROR; line 8 is "ERROR" and 7 "é".
    prints: () =>
      /^1:ERROR \n8:ERROR é{7}\n15:ERROR é{14}\n[^]*\n4999:ERROR é{48}\n715 of 5000 lines hold ERROR$/,
  },
  {
    file: "map_scan.ts",
    deno: ["--allow-read", "--allow-ffi"],
    shown: "big.log ERROR",
    args: ({ dir }) => [writeScratch(dir, "scan.log", text), "ERROR"],
    prints: () => new RegExp(`^715 lines start with ERROR \\((mapped|read)\\)$`),
  },
  {
    file: "copy_file.ts",
    deno: ["--allow-read", "--allow-write"],
    shown: "big.log copy.log",
    args: ({ dir }) => [writeScratch(dir, "from.log", text), join(dir, "to.log")],
    prints: () => new RegExp(`^copied ${new TextEncoder().encode(text).length} bytes$`),
    check: ({ dir }) => assert.equal(readFileSync(join(dir, "to.log"), "utf8"), text),
  },
  {
    file: "ndjson.ts",
    deno: ["--allow-read"],
    shown: "events.ndjson",
    args: ({ dir }) => [writeScratch(dir, "events.ndjson", ndjson)],
    prints: () => /^3 values, 1 blank lines; keys: a, b, c$/,
  },
  {
    file: "upload_parts.ts",
    deno: ["--allow-read", "--allow-net"],
    shown: "big.log http://localhost:8000/upload",
    args: ({ dir, url }) => [writeScratch(dir, "upload.bin", body), `${url}/upload`, "100000"],
    prints: () => /^3 parts uploaded$/,
    check: ({ received }) =>
      assert.deepEqual(
        Object.fromEntries(received),
        { "/upload/1": 100_000, "/upload/2": 100_000, "/upload/3": 100_000 },
      ),
  },
  {
    file: "fetch_into_buffer.ts",
    deno: ["--allow-net"],
    shown: "https://example.com/",
    args: ({ url }) => [`${url}/body`],
    prints: () => new RegExp(`^300000 bytes, checksum ${checksum}$`),
  },
  {
    file: "length_prefixed.ts",
    deno: ["--allow-read"],
    shown: "frames.bin",
    args: ({ dir }) => [writeScratch(dir, "frames.bin", frames)],
    prints: () => /^4 frames, 70008 payload bytes$/,
  },
  {
    file: "zip_directory.ts",
    deno: ["--allow-read"],
    shown: "archive.zip notes/todo.txt",
    args: ({ dir }) => [writeScratch(dir, "archive.zip", zipBytes), "notes/long.txt"],
    // The output starts with spaces (a right-aligned size), which the comparison trims.
    prints: () => new RegExp(`^${zipListing.trimStart().replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`),
  },
  {
    file: "every_core.ts",
    modules: ["every_core_worker.ts"],
    deno: ["--allow-read", "--allow-ffi"],
    shown: "big.log",
    // parallelFrom 0: Workers whatever the file's size.
    args: ({ dir }) => [writeScratch(dir, "every.log", manyLines.join("\n")), "0"],
    prints: () =>
      new RegExp(
        `^30000 lines; the longest has 500 bytes, at byte ${longestAt} \\(.* s, \\d+ cores\\)$`,
      ),
  },
];

/**
 * Why `source` cannot run in this runtime, or false: Node before 24 cannot parse a `using`
 * declaration (Deno, Bun and Node 24 can).
 */
export function unparsedReason(source: string): string | false {
  const node = "Bun" in globalThis || "Deno" in globalThis
    ? undefined
    : Number(process.versions.node.split(".")[0]);
  if (node === undefined || node >= 24) return false;
  return /^\s*(?:await\s+)?using\s+[\w$]+\s*=/m.test(source)
    ? `declares with \`using\`, which Node ${node} cannot parse (Node 24 can)`
    : false;
}

/**
 * Starts the local server the network recipes use, for the test file that calls it (before its
 * tests; closed after them), with a fresh `received` map.
 */
export function serveRecipes(): { url: () => string; received: Map<string, number> } {
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
  return { url: () => url, received };
}
