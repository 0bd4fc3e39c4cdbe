import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { FileError } from "../../src/errors.ts";
import { errnoCode, toFileError } from "../../src/runtime/_errors.ts";

describe("toFileError", () => {
  it("keeps a runtime error's code and the error as cause", () => {
    const cause = Object.assign(new Error("ENOENT: no such file"), { code: "ENOENT" });
    const error = toFileError("open", "a.txt", cause);
    assert.ok(error instanceof FileError);
    assert.equal(error.code, "ENOENT");
    assert.equal(error.path, "a.txt");
    assert.equal(error.cause, cause);
    assert.equal(error.message, 'Cannot open "a.txt": no such file or directory (ENOENT)');
  });

  it("maps Deno's error classes without a code", () => {
    const cause = Object.assign(new Error("Requires read access"), { name: "NotCapable" });
    const error = toFileError("map", "b", cause);
    assert.equal(error.code, "EACCES");
    assert.match(error.message, /Requires read access/);
  });

  it("reads the errno of an '(os error N)' message for the system given", () => {
    const cause = new Error("Illegal seek (os error 29)");
    assert.equal(toFileError("open", "pipe", cause, "linux").code, "ESPIPE");
    assert.equal(toFileError("open", "f", new Error("x (os error 62)"), "darwin").code, "ELOOP");
  });

  it("calls a failed allocation ENOMEM, other RangeErrors EIO", () => {
    for (const message of ["Array buffer allocation failed", "Out of memory"]) {
      const error = toFileError("read", "big", new RangeError(message));
      assert.equal(error.code, "ENOMEM");
      assert.match(error.message, new RegExp(`^Cannot read "big": ${message} \\(ENOMEM\\)$`));
    }
    assert.equal(toFileError("read", "f", new RangeError("offset is out of range")).code, "EIO");
  });

  it("falls back to EIO with the runtime's words", () => {
    const error = toFileError("read", "c", "something odd");
    assert.equal(error.code, "EIO");
    assert.match(error.message, /something odd/);
  });

  it("passes a FileError through unchanged", () => {
    const original = new FileError("map", "d", "EISDIR");
    assert.equal(toFileError("open", "e", original), original);
  });
});

describe("errnoCode", () => {
  it("names errno values per system, and says the number when unknown", () => {
    assert.equal(errnoCode("linux", 2), "ENOENT");
    assert.equal(errnoCode("linux", 21), "EISDIR");
    assert.equal(errnoCode("linux", 40), "ELOOP");
    assert.equal(errnoCode("darwin", 35), "EAGAIN");
    assert.equal(errnoCode("linux", 9999), "errno 9999");
  });
});
