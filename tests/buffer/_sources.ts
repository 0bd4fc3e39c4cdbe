// Streams and byte patterns shared by the ByteBuffer stream tests.
export const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
export const decode = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);

export function pattern(length: number, seed = 0): Uint8Array {
  return new Uint8Array(length).map((_, i) => (i * 31 + seed) & 0xff);
}

export function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

export interface ByteSource {
  stream: ReadableStream<Uint8Array>;
  /** The byteLength of each BYOB view the source was asked to fill. */
  requested: number[];
  cancelled: unknown[];
}

/** A byte stream serving `chunks` (split to fit each BYOB view), then closing or erroring. */
export function byteSource(chunks: Uint8Array[], failure?: Error): ByteSource {
  const queue = chunks.map((chunk) => chunk.slice());
  const requested: number[] = [];
  const cancelled: unknown[] = [];
  const stream = new ReadableStream({
    type: "bytes",
    pull(controller) {
      const request = controller.byobRequest;
      const chunk = queue[0];
      if (chunk === undefined) {
        if (failure) return controller.error(failure);
        controller.close();
        request?.respond(0);
        return;
      }
      if (!request?.view) {
        queue.shift();
        return controller.enqueue(chunk);
      }
      const view = new Uint8Array(
        request.view.buffer,
        request.view.byteOffset,
        request.view.byteLength,
      );
      requested.push(view.length);
      const n = Math.min(view.length, chunk.length);
      view.set(chunk.subarray(0, n));
      if (n === chunk.length) queue.shift();
      else queue[0] = chunk.subarray(n);
      request.respond(n);
    },
    cancel(reason) {
      cancelled.push(reason);
    },
  });
  return { stream, requested, cancelled };
}

/** A default (non-byte) stream of `chunks`, then closing or erroring. */
export function defaultSource(
  chunks: unknown[],
  failure?: Error,
): { stream: ReadableStream<Uint8Array>; cancelled: unknown[] } {
  const queue = [...chunks];
  const cancelled: unknown[] = [];
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (queue.length > 0) return controller.enqueue(queue.shift() as Uint8Array);
      if (failure) controller.error(failure);
      else controller.close();
    },
    cancel(reason) {
      cancelled.push(reason);
    },
  });
  return { stream, cancelled };
}
