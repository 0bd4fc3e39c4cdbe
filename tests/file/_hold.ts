// What a child script of runHeld (tests/file/_subprocess.ts) calls to be looked at from outside.
import { readSync, writeSync } from "node:fs";

/** Prints "hold" and waits for a line on stdin, while the parent inspects this process. */
export function hold(): void {
  writeSync(1, "hold\n");
  for (;;) {
    try {
      readSync(0, new Uint8Array(1));
      return;
    } catch (error) {
      // Node may find its stdin pipe non-blocking: wait a little and read again.
      if ((error as { code?: string }).code !== "EAGAIN") throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}
