/**
 * Zero-copy byte streaming for Deno and Bun: Go's I/O techniques on Web Streams.
 *
 * - {@link UnexpectedEofError}: typed errors for I/O conditions.
 *
 * @example A short tour
 * ```ts
 * import { UnexpectedEofError } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new UnexpectedEofError(new Uint8Array(0), 1) instanceof Error);
 * ```
 *
 * @module
 */

// errors
export { UnexpectedEofError } from "./src/errors.ts";

// buffer

// read

// file

// transform
