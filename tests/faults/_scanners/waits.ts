// A scanner that says it has started (adds 1 to word 0 of `data.flags`), then waits until the test
// sets word 1, and only then takes its window's chunks: nothing of its window is opened before
// that, so the test can change the file at a known moment. Returns the window's text.
export default async function waits(
  chunks: AsyncIterable<Uint8Array>,
  _window: unknown,
  data: { flags: SharedArrayBuffer },
): Promise<string> {
  const flags = new Int32Array(data.flags);
  Atomics.add(flags, 0, 1);
  Atomics.notify(flags, 0);
  const waiting = Atomics.waitAsync(flags, 1, 0, 20_000);
  if (waiting.async) await waiting.value;
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of chunks) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}
