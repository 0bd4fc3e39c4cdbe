// Shared pieces of the transform tests: sources whose chunks each own a fresh buffer (a chunk that
// spans its whole buffer is taken over by a transform; a view at a non-zero offset is copied),
// readers of both kinds, and a bound on every wait.
import fc from "fast-check";
import { chunks as iterateChunks, records as iterateRecords } from "../../mod.ts";

/** Rejects when `promise` takes longer than `ms`: no test may hang. */
export function bounded<T>(promise: Promise<T>, ms = 10_000, what = "stream"): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A copy of `bytes` placed at byte offset `offset` of a fresh, larger buffer. */
export function placed(bytes: ArrayLike<number>, offset = 3, slack = 2): Uint8Array {
  const view = new Uint8Array(new ArrayBuffer(offset + bytes.length + slack), offset, bytes.length);
  view.set(bytes);
  return view;
}

/** A copy of `bytes` in a fresh buffer of exactly its length: a transform takes it over. */
export function whole(bytes: ArrayLike<number>): Uint8Array {
  return Uint8Array.from(bytes);
}

/**
 * The bytes a transform copies on input: those of chunks that are partial views of their buffer.
 * Call it before writing them (a chunk taken over becomes empty).
 */
export function inputCopies(chunks: Uint8Array[]): number {
  return chunks.reduce(
    (sum, chunk) => chunk.byteLength < chunk.buffer.byteLength ? sum + chunk.byteLength : sum,
    0,
  );
}

/** Bytes of an ASCII string. */
export function ascii(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Text of bytes. */
export function text(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

/** A default-type source handing out `chunks` one per pull, recording pulls and cancel. */
export function sourceOf(chunks: Uint8Array[]): {
  stream: ReadableStream<Uint8Array>;
  pulls: () => number;
  cancelled: () => { called: boolean; reason: unknown };
} {
  let next = 0;
  const cancel = { called: false, reason: undefined as unknown };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next < chunks.length) controller.enqueue(chunks[next++]);
      else controller.close();
    },
    cancel(reason) {
      cancel.called = true;
      cancel.reason = reason;
    },
  }, { highWaterMark: 0 });
  return { stream, pulls: () => next, cancelled: () => cancel };
}

/** Every chunk of `stream`, read with a default reader. */
export async function readDefault(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await bounded(reader.read());
    if (done) return chunks;
    chunks.push(value);
  }
}

/**
 * All bytes of `stream`, read with a BYOB reader into views of the sizes in `sizes` (cycled),
 * each at byte offset 1 of its buffer, with `min` when given (capped at the view's length).
 */
export async function readByob(
  stream: ReadableStream<Uint8Array>,
  sizes: number[],
  min?: number,
): Promise<{ bytes: Uint8Array; reads: Uint8Array[] }> {
  const reader = stream.getReader({ mode: "byob" });
  const reads: Uint8Array[] = [];
  for (let i = 0;; i++) {
    const size = sizes[i % sizes.length];
    const view = new Uint8Array(new ArrayBuffer(size + 2), 1, size);
    const options = min === undefined ? undefined : { min: Math.min(min, size) };
    const { done, value } = await bounded(reader.read(view, options));
    if (value === undefined) throw new Error("a BYOB read returned no view");
    if (value.byteLength > 0) reads.push(value);
    if (done) break;
  }
  return { bytes: concat(reads), reads };
}

/** One array with every byte of `parts`. */
export function concat(parts: Uint8Array[]): Uint8Array {
  const result = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.byteLength;
  }
  return result;
}

/**
 * `data` cut at `cuts` (offsets, any order, repeats allowed), each piece in a fresh buffer: the
 * whole buffer when `offset` is 0, else a view at `offset` with as many bytes after it.
 */
export function split(data: Uint8Array, cuts: number[], offset = 0): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => Math.min(cut, data.length)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const point of [...points, data.length]) {
    if (point > from) chunks.push(placed(data.subarray(from, point), offset, offset));
    from = point;
  }
  return chunks;
}

/**
 * How a property test reads: a default reader, `records()` (whole records without the stream's
 * enqueue), BYOB views of these sizes with this `min`, or `chunks()` with a buffer of this size
 * (which fills it from the transform's output directly).
 */
export type ReadPlan =
  | { mode: "default" }
  | { mode: "records" }
  | { mode: "byob"; sizes: number[]; min?: number }
  | { mode: "chunks"; size: number };

/** True when `plan` sees record boundaries (a default reader or records()). */
export function readsRecords(plan: ReadPlan): boolean {
  return plan.mode === "default" || plan.mode === "records";
}

/** Arbitrary input: bytes from `alphabet`, cut points, chunk offsets, and a read plan. */
export function inputArbitrary(alphabet: number[], maxLength = 200): fc.Arbitrary<{
  data: Uint8Array;
  cuts: number[];
  offset: number;
  plan: ReadPlan;
}> {
  return fc.record({
    data: fc.array(fc.constantFrom(...alphabet), { maxLength }).map((bytes) =>
      Uint8Array.from(bytes)
    ),
    cuts: fc.array(fc.nat(maxLength), { maxLength: 12 }),
    offset: fc.constantFrom(0, 1, 7),
    plan: fc.oneof(
      fc.constant<ReadPlan>({ mode: "default" }),
      fc.constant<ReadPlan>({ mode: "records" }),
      fc.record({
        mode: fc.constant("byob" as const),
        sizes: fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 5 }),
        min: fc.option(fc.integer({ min: 1, max: 64 }), { nil: undefined }),
      }),
      fc.record({
        mode: fc.constant("chunks" as const),
        size: fc.integer({ min: 1, max: 300 }),
      }),
    ),
  });
}

/**
 * Runs `data`, cut at `cuts`, through `transform` and reads it as `plan` says. Returns the chunks
 * a default reader got, or the bytes a BYOB reader got as one chunk.
 */
export async function runThrough(
  transform: TransformStream<Uint8Array, Uint8Array>,
  chunks: Uint8Array[],
  plan: ReadPlan,
): Promise<Uint8Array[]> {
  const output = ReadableStream.from(chunks).pipeThrough(transform);
  if (plan.mode === "default") return await readDefault(output);
  if (plan.mode === "records") {
    // Kept as given: a record must never change or detach after later reads.
    const all: Uint8Array[] = [];
    for await (const batch of iterateRecords(output)) all.push(...batch);
    return all;
  }
  if (plan.mode === "chunks") {
    const parts: Uint8Array[] = [];
    for await (const view of iterateChunks(output, plan.size)) parts.push(view.slice());
    return [concat(parts)];
  }
  const { bytes } = await readByob(output, plan.sizes, plan.min);
  return [bytes];
}

/** What a reader of `plan`'s kind sees of these records: all records, or their bytes joined. */
export function asRead(records: Uint8Array[], plan: ReadPlan): number[][] {
  const nonEmpty = records.filter((record) => record.byteLength > 0);
  return readsRecords(plan) ? nonEmpty.map((r) => [...r]) : [[...concat(nonEmpty)]];
}
