// Turns what runtimes throw, and the errno values libc leaves behind, into FileErrors.
import { FileError } from "../errors.ts";

// Deno's error classes for runtimes or errors that carry no `code`.
const codesByName: Record<string, string> = {
  NotFound: "ENOENT",
  PermissionDenied: "EACCES",
  NotCapable: "EACCES",
  IsADirectory: "EISDIR",
  AlreadyExists: "EEXIST",
  NotADirectory: "ENOTDIR",
  FilesystemLoop: "ELOOP",
  BadResource: "EBADF",
};

/**
 * Wraps anything a runtime threw while `action`ing `path` into a FileError (kept as `cause`).
 * The code comes from the error's `code`, else its class name (Deno's), else the errno in a
 * message such as "Illegal seek (os error 29)" read as on `os`; a failed allocation is ENOMEM.
 */
export function toFileError(
  action: string,
  path: string,
  error: unknown,
  os = "linux",
): FileError {
  if (error instanceof FileError) return error;
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  if (typeof code === "string" && /^E[A-Z0-9]+$/.test(code)) {
    return new FileError(action, path, code, { cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  // No memory for the bytes (V8: "Array buffer allocation failed", JSC: "Out of memory").
  if (error instanceof RangeError && /allocation failed|out of memory/i.test(reason)) {
    return new FileError(action, path, "ENOMEM", { cause: error, reason });
  }
  const errno = /\(os error (\d+)\)/.exec(reason);
  const fromErrno = errno === null ? undefined : errnoCode(os, Number(errno[1]));
  const mapped = (typeof name === "string" ? codesByName[name] : undefined) ??
    (fromErrno?.startsWith("E") ? fromErrno : undefined);
  return new FileError(action, path, mapped ?? "EIO", { cause: error, reason });
}

// errno values differ between Linux and the BSD family (macOS) past the first few.
const linuxErrno: Record<number, string> = {
  1: "EPERM",
  2: "ENOENT",
  5: "EIO",
  6: "ENXIO",
  9: "EBADF",
  11: "EAGAIN",
  12: "ENOMEM",
  13: "EACCES",
  16: "EBUSY",
  17: "EEXIST",
  18: "EXDEV",
  19: "ENODEV",
  20: "ENOTDIR",
  21: "EISDIR",
  22: "EINVAL",
  23: "ENFILE",
  24: "EMFILE",
  26: "ETXTBSY",
  27: "EFBIG",
  28: "ENOSPC",
  29: "ESPIPE",
  30: "EROFS",
  32: "EPIPE",
  36: "ENAMETOOLONG",
  40: "ELOOP",
  75: "EOVERFLOW",
};
const darwinErrno: Record<number, string> = {
  ...linuxErrno,
  11: "EDEADLK",
  35: "EAGAIN",
  40: "EMSGSIZE",
  62: "ELOOP",
  63: "ENAMETOOLONG",
  84: "EOVERFLOW",
};

/** The symbolic name of an errno value on `os` ("linux" or "darwin"), e.g. 2 → "ENOENT". */
export function errnoCode(os: string, errno: number): string {
  const table = os === "darwin" ? darwinErrno : linuxErrno;
  return table[errno] ?? `errno ${errno}`;
}
