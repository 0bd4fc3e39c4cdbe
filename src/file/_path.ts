// Turns the caller's `string | URL` into the path string every runtime opens. Checks first, so a
// bad path never reaches the operating system (a NUL byte would silently cut a C string short).
import { describeValue } from "../_validate.ts";
import { runtime } from "../runtime/adapter.ts";

/**
 * Returns the file system path named by `path`: a non-empty string as is, or a `file:` URL
 * decoded (percent-escapes, including UTF-8 sequences). Throws a `TypeError` for anything else,
 * for a path containing a NUL byte, and for a URL that escapes a `/` or names a remote host, or
 * (on Windows, `os` "windows", where they are not supported yet) names a drive.
 */
export function toPath(action: string, path: unknown, os: string = runtime.os): string {
  let result: string;
  if (typeof path === "string") {
    result = path;
  } else if (path instanceof URL) {
    result = fileUrlToPath(action, path, os);
  } else {
    throw new TypeError(
      `Cannot ${action} as path must be a string or a file: URL: received ${describeValue(path)}`,
    );
  }
  if (result.length === 0) {
    throw new TypeError(`Cannot ${action} as path must not be empty: received ""`);
  }
  if (result.includes("\0")) {
    throw new TypeError(
      `Cannot ${action} as path must not contain a NUL byte: received ${describeValue(result)}`,
    );
  }
  return result;
}

function fileUrlToPath(action: string, url: URL, os: string): string {
  if (url.protocol !== "file:") {
    throw new TypeError(
      `Cannot ${action} as path must be a file: URL: received ${JSON.stringify(url.href)}`,
    );
  }
  if (url.hostname !== "" && url.hostname !== "localhost") {
    throw new TypeError(
      `Cannot ${action} as a file: URL must name a local file: received ${
        JSON.stringify(url.href)
      }`,
    );
  }
  // "file:///C:/data" is C:\data on Windows, but "/C:/data" to every call that opens a file.
  if (os === "windows") {
    throw new TypeError(
      `Cannot ${action} as file: URLs are not supported on Windows yet (pass the path as a string): received ${
        JSON.stringify(url.href)
      }`,
    );
  }
  if (/%2f/i.test(url.pathname)) {
    throw new TypeError(
      `Cannot ${action} as a file: URL path must not contain an escaped "/": received ${
        JSON.stringify(url.href)
      }`,
    );
  }
  try {
    return decodeURIComponent(url.pathname);
  } catch (error) {
    throw new TypeError(
      `Cannot ${action} as the file: URL holds an invalid escape: received ${
        JSON.stringify(url.href)
      }`,
      { cause: error },
    );
  }
}
