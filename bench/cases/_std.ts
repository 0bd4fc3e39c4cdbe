// @std/streams 1.1.2, from the reference copy beside this repository (../shared/vendor/std), for
// side-by-side cases. Never part of the package; the plan leaves those cases out when it is absent.
const vendor = new URL("../../../shared/vendor/std/streams/", import.meta.url);

/** The @std/streams transforms the record cases run. */
export interface StdStreams {
  DelimiterStream: new (delimiter: Uint8Array) => TransformStream<Uint8Array, Uint8Array>;
  TextLineStream: new () => TransformStream<string, string>;
}

/** Loads the @std/streams copy (throws when it is absent: the plan does not ask for it then). */
export async function loadStd(): Promise<StdStreams> {
  const [delimiter, textLine] = await Promise.all([
    import(new URL("delimiter_stream.ts", vendor).href),
    import(new URL("text_line_stream.ts", vendor).href),
  ]);
  return { DelimiterStream: delimiter.DelimiterStream, TextLineStream: textLine.TextLineStream };
}
