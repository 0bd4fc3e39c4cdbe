// toPath: what mapFile, openFile and fileSink accept as a path, and the TypeErrors for the rest.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { toPath } from "../../src/file/_path.ts";

const action = "open file";

/** Checks a TypeError whose message matches `rule` and quotes `href` in full. */
function rejects(href: string, rule: RegExp, os = "linux"): void {
  assert.throws(() => toPath(action, new URL(href), os), (error: unknown) => {
    assert.ok(error instanceof TypeError, String(error));
    assert.match(error.message, rule);
    assert.ok(error.message.includes(JSON.stringify(new URL(href).href)), error.message);
    return true;
  });
}

describe("toPath", () => {
  it("keeps a string as it is, relative or absolute", () => {
    assert.equal(toPath(action, "data/a b.txt"), "data/a b.txt");
    assert.equal(toPath(action, "/data/%41.txt"), "/data/%41.txt", "no decoding of strings");
  });

  it("decodes a file: URL, UTF-8 escapes included; localhost is this machine", () => {
    assert.equal(toPath(action, new URL("file:///data/a%20b%C3%A9.txt")), "/data/a bé.txt");
    assert.equal(toPath(action, new URL("file://localhost/data/x")), "/data/x");
  });

  it("refuses empty paths, NUL bytes and values that are not paths", () => {
    assert.throws(() => toPath(action, ""), /path must not be empty/);
    assert.throws(
      () => toPath(action, "a\0b"),
      /must not contain a NUL byte: received "a\\u0000b"/,
    );
    assert.throws(() => toPath(action, new URL("file:///a%00b")), /NUL byte/);
    assert.throws(() => toPath(action, 7), /must be a string or a file: URL: received 7/);
    assert.throws(() => toPath(action, { href: "file:///x" }), TypeError);
  });

  it("refuses URLs it cannot turn into a local path, naming them in full", () => {
    rejects("https://example.com/file", /must be a file: URL/);
    rejects("file://server/share/file", /must name a local file/);
    rejects("file:///data/a%2Fb", /must not contain an escaped "\/"/);
    rejects("file:///data/%E0%A4%A", /invalid escape/);
  });

  it("refuses file: URLs on Windows (drive letters are not decoded yet), naming them", () => {
    rejects("file:///C:/data/file.txt", /not supported on Windows yet/, "windows");
    assert.equal(toPath(action, "C:\\data\\file.txt", "windows"), "C:\\data\\file.txt");
    assert.equal(toPath(action, new URL("file:///C:/data"), "linux"), "/C:/data");
  });
});
