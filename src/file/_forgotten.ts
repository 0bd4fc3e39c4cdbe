// Closes the descriptor of a file stream that was dropped without being read to its end,
// cancelled, closed or aborted: once the stream is collected, nothing else could close it.

/** Anything holding a descriptor. */
interface Closable {
  close(): Promise<void>;
}

const forgotten = new FinalizationRegistry<Closable>((file) => {
  file.close().catch(() => {});
});

/** Closes `file` when `owner` is collected, unless `release(file)` ran first. */
export function closeWhenCollected(owner: object, file: Closable): void {
  forgotten.register(owner, file, file);
}

/** Closes `file` now, and stops watching it. */
export function release(file: Closable): Promise<void> {
  forgotten.unregister(file);
  return file.close();
}
