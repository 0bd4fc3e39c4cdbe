// The part of the Deno namespace src/runtime/deno.ts uses, for tsd: tsd follows mod.ts into every
// runtime adapter, and only knows bun-types and node. Loose on purpose: `deno check` checks
// deno.ts against Deno's real types; this only lets tsd compile the graph.
// deno-lint-ignore-file
declare namespace Deno {
  type PointerObject = { readonly __pointer: unique symbol };
  type PointerValue = PointerObject | null;
  interface DynamicLibrary<S> {
    symbols: { [K in keyof S]: (...args: any[]) => any };
    close(): void;
  }
  function dlopen<S>(path: string, symbols: S): DynamicLibrary<S>;
  const version: { deno: string };
  class UnsafePointerView {
    constructor(pointer: PointerObject);
    getInt32(offset?: number): number;
    static getArrayBuffer(pointer: PointerObject, byteLength: number, offset?: number): ArrayBuffer;
  }
  class UnsafePointer {
    static value(pointer: PointerValue): number | bigint;
  }
  enum SeekMode {
    Start = 0,
    Current = 1,
    End = 2,
  }
  interface FileInfo {
    isFile: boolean;
    isDirectory: boolean;
    isCharDevice: boolean | null;
    isBlockDevice: boolean | null;
    isFifo: boolean | null;
    isSocket: boolean | null;
    dev: number;
    ino: number | null;
    size: number;
  }
  interface OpenOptions {
    read?: boolean;
    write?: boolean;
    append?: boolean;
    truncate?: boolean;
    create?: boolean;
  }
  class FsFile {
    read(view: Uint8Array): Promise<number | null>;
    readSync(view: Uint8Array): number | null;
    write(view: Uint8Array): Promise<number>;
    writeSync(view: Uint8Array): number;
    seek(offset: number | bigint, whence: SeekMode): Promise<number>;
    seekSync(offset: number | bigint, whence: SeekMode): number;
    stat(): Promise<FileInfo>;
    statSync(): FileInfo;
    syncData(): Promise<void>;
    syncSync(): void;
    close(): void;
  }
  function open(path: string | URL, options?: OpenOptions): Promise<FsFile>;
  function openSync(path: string | URL, options?: OpenOptions): FsFile;
  function statSync(path: string | URL): FileInfo;
  const permissions: {
    querySync(descriptor: { name: string }): { state: "granted" | "denied" | "prompt" };
  };
  const build: { os: string; arch: string };
}
