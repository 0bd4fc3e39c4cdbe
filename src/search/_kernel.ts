// The byte search under the scanner (src/scan/) and the record splitters (src/transform/): a
// memory and the two kernels that search it, WebAssembly SIMD128 (src/search/_kernel.wat) where the
// runtime validates it, chosen once when this module loads, and plain JavaScript, which gives the
// same answers everywhere (tests/search/kernel_test.ts proves it on random data).
//
// A scanner owns one memory: a WebAssembly.Memory for the SIMD kernel (which can only read its own
// memory), an ArrayBuffer for the JavaScript one. The memory grows only for a record longer than
// the buffer, and growing detaches every view of it: `bytes` and `words` are made anew then.
import { kernelBase64 } from "./_kernel_wasm.ts";

/** Searches one scanner's memory. Addresses are byte offsets into the memory. */
export interface Kernel {
  /**
   * Writes `p - base` for every byte equal to `first` or `second` (pass the same byte twice to
   * look for one) in [from, to) to the i32 slots from address `out`, and returns how many. It may
   * stop once `cap` are written, and may then have written up to 63 more (so `out` has room for
   * `cap + 64`); `resume()` says where the search stopped (`to` when it went through).
   */
  find(
    from: number,
    to: number,
    first: number,
    second: number,
    base: number,
    out: number,
    cap: number,
  ): number;
  /** Where the last `find` stopped. */
  resume(): number;
  /** How many bytes in [from, to) equal `byte`. */
  count(from: number, to: number, byte: number): number;
}

/** One scanner's memory and the kernel bound to it. */
export interface ScanMemory {
  /** The whole memory, made anew when it grows. */
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** The whole memory as i32 slots, made anew when it grows. */
  readonly words: Int32Array<ArrayBuffer>;
  readonly kernel: Kernel;
  /** True when the kernel is the WebAssembly SIMD one. */
  readonly simd: boolean;
  /**
   * Makes the memory at least `byteLength` bytes long, keeping its contents; detaches every view
   * of it made before.
   */
  grow(byteLength: number): void;
}

/** Bytes the memory must hold past the last byte searched: the SIMD kernel reads whole blocks. */
export const SLACK = 64;
const PAGE = 65536;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The compiled SIMD kernel, or undefined where WebAssembly or its SIMD128 is missing. */
const simdModule: WebAssembly.Module | undefined = (() => {
  try {
    if (typeof WebAssembly !== "object") return undefined;
    const bytes = decodeBase64(kernelBase64);
    return WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : undefined;
  } catch {
    return undefined;
  }
})();

/** True when this runtime runs the WebAssembly SIMD kernel. */
export const simdAvailable: boolean = simdModule !== undefined;

/** A memory of at least `byteLength` bytes, searched by SIMD when `simd` and available. */
export function scanMemory(byteLength: number, simd: boolean): ScanMemory {
  return simd && simdModule !== undefined
    ? new SimdMemory(simdModule, byteLength)
    : new JsMemory(byteLength);
}

interface KernelExports {
  find(...args: number[]): number;
  count(from: number, to: number, byte: number): number;
  resume: WebAssembly.Global;
}

class SimdMemory implements ScanMemory {
  readonly simd = true;
  readonly kernel: Kernel;
  bytes: Uint8Array<ArrayBuffer>;
  words: Int32Array<ArrayBuffer>;
  readonly #memory: WebAssembly.Memory;

  constructor(module: WebAssembly.Module, byteLength: number) {
    this.#memory = new WebAssembly.Memory({ initial: Math.ceil(byteLength / PAGE) });
    const instance = new WebAssembly.Instance(module, { env: { memory: this.#memory } });
    const exports = instance.exports as unknown as KernelExports;
    const resume = exports.resume;
    this.kernel = {
      find: exports.find as Kernel["find"],
      resume: () => resume.value as number,
      count: exports.count,
    };
    this.bytes = new Uint8Array(this.#memory.buffer as ArrayBuffer);
    this.words = new Int32Array(this.#memory.buffer as ArrayBuffer);
  }

  grow(byteLength: number): void {
    const pages = Math.ceil(byteLength / PAGE) - this.#memory.buffer.byteLength / PAGE;
    if (pages <= 0) return;
    this.#memory.grow(pages);
    this.bytes = new Uint8Array(this.#memory.buffer as ArrayBuffer);
    this.words = new Int32Array(this.#memory.buffer as ArrayBuffer);
  }
}

class JsMemory implements ScanMemory {
  readonly simd = false;
  readonly kernel: Kernel;
  bytes: Uint8Array<ArrayBuffer>;
  words: Int32Array<ArrayBuffer>;
  #resume = 0;

  constructor(byteLength: number) {
    const buffer = new ArrayBuffer(Math.ceil(byteLength / PAGE) * PAGE);
    this.bytes = new Uint8Array(buffer);
    this.words = new Int32Array(buffer);
    this.kernel = {
      find: (from, to, first, second, base, out, cap) =>
        first === second
          ? this.#findOne(from, to, first, base, out, cap)
          : this.#findTwo(from, to, first, second, base, out, cap),
      resume: () => this.#resume,
      count: (from, to, byte) => this.#count(from, to, byte),
    };
  }

  grow(byteLength: number): void {
    const size = Math.ceil(byteLength / PAGE) * PAGE;
    if (size <= this.bytes.length) return;
    const bytes = new Uint8Array(size);
    bytes.set(this.bytes);
    this.bytes = bytes;
    this.words = new Int32Array(bytes.buffer);
  }

  // indexOf runs at memory speed between hits in both engines; a view ending at `to` keeps it
  // from searching past it.
  #findOne(from: number, to: number, byte: number, base: number, out: number, cap: number): number {
    const bytes = new Uint8Array(this.bytes.buffer, 0, to);
    const words = this.words;
    const slot = out >> 2;
    let count = 0;
    for (let p = bytes.indexOf(byte, from); p !== -1; p = bytes.indexOf(byte, p + 1)) {
      words[slot + count++] = p - base;
      if (count >= cap) {
        this.#resume = p + 1;
        return count;
      }
    }
    this.#resume = to;
    return count;
  }

  #findTwo(
    from: number,
    to: number,
    first: number,
    second: number,
    base: number,
    out: number,
    cap: number,
  ): number {
    const bytes = this.bytes;
    const words = this.words;
    const slot = out >> 2;
    let count = 0;
    for (let p = from; p < to; p++) {
      const byte = bytes[p];
      if (byte !== first && byte !== second) continue;
      words[slot + count++] = p - base;
      if (count >= cap) {
        this.#resume = p + 1;
        return count;
      }
    }
    this.#resume = to;
    return count;
  }

  #count(from: number, to: number, byte: number): number {
    const bytes = new Uint8Array(this.bytes.buffer, 0, to);
    let count = 0;
    for (let p = bytes.indexOf(byte, from); p !== -1; p = bytes.indexOf(byte, p + 1)) count++;
    return count;
  }
}
