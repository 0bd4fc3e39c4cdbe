// Where records end, found with indexOf of the delimiter's first byte (a memchr) and a check of the
// rest. A record ends just after a delimiter.

/** True when `delimiter` occurs in `bytes` at `at`. */
function occursAt(bytes: Uint8Array, at: number, delimiter: Uint8Array): boolean {
  for (let k = 1; k < delimiter.length; k++) if (bytes[at + k] !== delimiter[k]) return false;
  return true;
}

/** The end of the first delimiter starting at or after `from` (the index just past it), or -1. */
export function nextRecordEnd(bytes: Uint8Array, from: number, delimiter: Uint8Array): number {
  const first = delimiter[0];
  const last = bytes.length - delimiter.length;
  for (
    let at = bytes.indexOf(first, from);
    at !== -1 && at <= last;
    at = bytes.indexOf(first, at + 1)
  ) {
    if (occursAt(bytes, at, delimiter)) return at + delimiter.length;
  }
  return -1;
}

/**
 * The end of the last delimiter lying wholly in `bytes[from:limit]` (the index just past it), or
 * -1 when there is none.
 */
export function lastRecordEnd(
  bytes: Uint8Array,
  from: number,
  limit: number,
  delimiter: Uint8Array,
): number {
  const first = delimiter[0];
  for (
    let at = bytes.lastIndexOf(first, limit - delimiter.length);
    at >= from;
    at = at === 0 ? -1 : bytes.lastIndexOf(first, at - 1)
  ) {
    if (occursAt(bytes, at, delimiter)) return at + delimiter.length;
  }
  return -1;
}
