// The rooms of src/ import downward only (CONTRIBUTING.md, "Where code lives"): a public room may
// use the rooms listed for it, plumbing/ and the root files, never a room above it.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const src = join(dirname(fileURLToPath(import.meta.url)), "..", "src");

/** The rooms each room may import from, besides itself and the files at the root of src/. */
const allowed: Record<string, string[]> = {
  plumbing: [],
  runtime: [],
  buffer: ["plumbing"],
  read: ["plumbing"],
  transform: ["plumbing", "search"],
  file: ["plumbing", "runtime"],
  parallel: ["plumbing", "runtime", "file"],
  scan: ["plumbing", "search"],
  search: [],
  random: ["plumbing", "runtime", "file"],
  multi: ["plumbing"],
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** The room of a path under src/ ("" for the root files). */
function roomOf(path: string): string {
  const parts = relative(src, path).split("/");
  return parts.length > 1 ? parts[0] : "";
}

describe("the rooms of src/", () => {
  it("every folder of src/ is a known room", () => {
    const rooms = readdirSync(src).filter((name) => statSync(join(src, name)).isDirectory());
    assert.deepEqual(rooms.sort(), Object.keys(allowed).sort());
  });

  it("import only from themselves, the root files and the rooms below them", () => {
    const wrong: string[] = [];
    for (const file of sources(src)) {
      const room = roomOf(file);
      const text = readFileSync(file, "utf8");
      for (const [, specifier] of text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) {
        const target = roomOf(join(dirname(file), specifier));
        if (target === "" || target === room || room === "") continue;
        if (!allowed[room]?.includes(target)) {
          wrong.push(`${relative(src, file)} imports ${specifier}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  it("the root files import no room but runtime/", () => {
    const wrong = sources(src).filter((file) => roomOf(file) === "").flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/from\s+"(\.{1,2}\/[^"]+)"/g)]
        .map(([, specifier]) => specifier)
        .filter((specifier) => !["", "runtime"].includes(roomOf(join(dirname(file), specifier))))
        .map((specifier) => `${relative(src, file)} imports ${specifier}`)
    );
    assert.deepEqual(wrong, []);
  });
});
