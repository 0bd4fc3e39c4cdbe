// Argument checks shared by every module. Messages name the argument and the value received, in
// the form `Cannot <action> as <argument> must be <rule>: received <value>`.

/** Shows a received value in an error message without throwing on odd inputs. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "function") return `function ${value.name || "(anonymous)"}`;
  if (value === null || typeof value !== "object") return String(value);
  if (ArrayBuffer.isView(value)) {
    return `${value.constructor.name}(${value.byteLength})`;
  }
  return Object.prototype.toString.call(value);
}

/**
 * The most bytes an argument may have allocated up front, in one piece (1 GiB): a size such as
 * `chunks(src, n)`'s or `openFile`'s `chunkSize` is memory taken before a byte is read, so a size
 * beyond this is a RangeError naming the argument rather than gigabytes allocated in its name.
 */
export const MAX_ALLOCATION = 2 ** 30;

/**
 * The rule for options, everywhere (CONTRIBUTING.md, "Arguments and options"): `options` is
 * `undefined` (every option at its default) or a plain object (an object literal,
 * `Object.create(null)`, a structured clone); anything else, `null` included, is a `TypeError`
 * naming it. Returns the options to read (an empty object for `undefined`). Inside, an option set
 * to `undefined` is at its default, and any other value, `null` included, must be a valid one.
 */
export function checkOptions(
  action: string,
  options: unknown,
  name = "options",
): Record<string, unknown> {
  if (options === undefined) return {};
  if (!isPlainObject(options)) {
    throw new TypeError(
      `Cannot ${action} as ${name} must be a plain object or undefined: received ${
        describeValue(options)
      }`,
    );
  }
  return options as Record<string, unknown>;
}

/** True for an object whose prototype is `Object.prototype` (of any realm) or `null`. */
function isPlainObject(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

/** A boolean option: `fallback` for `undefined`, else a `TypeError` unless it is a boolean. */
export function checkFlag(
  action: string,
  name: string,
  value: unknown,
  fallback: boolean,
): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") {
    throw new TypeError(
      `Cannot ${action} as ${name} must be a boolean: received ${describeValue(value)}`,
    );
  }
  return value;
}

/** A function option: `undefined` stays `undefined`, anything else not a function is a `TypeError`. */
export function checkCallback<T extends (...args: never[]) => unknown>(
  action: string,
  name: string,
  value: unknown,
): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "function") {
    throw new TypeError(
      `Cannot ${action} as ${name} must be a function: received ${describeValue(value)}`,
    );
  }
  return value as T;
}

/**
 * Throws a `TypeError` unless `value` is a number, and a `RangeError` unless it is an integer
 * in `[min, max]`. Returns the value, so it can be used inline.
 */
export function checkInteger(
  action: string,
  name: string,
  value: unknown,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== "number") {
    throw new TypeError(
      `Cannot ${action} as ${name} must be a number: received ${describeValue(value)}`,
    );
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    const rule = max === Number.MAX_SAFE_INTEGER
      ? `an integer >= ${min}`
      : `an integer in [${min}, ${max}]`;
    throw new RangeError(`Cannot ${action} as ${name} must be ${rule}: received ${value}`);
  }
  return value;
}

/**
 * Throws a `TypeError` unless `value` is a `Uint8Array` whose buffer is still attached.
 * A zero-length view over a detached buffer is rejected too: it can never be filled.
 */
export function checkBytes(action: string, name: string, value: unknown): Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(
      `Cannot ${action} as ${name} must be a Uint8Array: received ${describeValue(value)}`,
    );
  }
  // A detached view has length 0: only then is its buffer looked at (the getter is not free).
  if (value.byteLength === 0 && isDetached(value.buffer)) {
    throw new TypeError(
      `Cannot ${action} as ${name} is detached (its ArrayBuffer was transferred): received a view of length 0`,
    );
  }
  return value;
}

/** True when the buffer was transferred away (its memory is gone). */
export function isDetached(buffer: ArrayBufferLike): boolean {
  return (buffer as ArrayBuffer).detached === true;
}

/** A string argument: a `TypeError` naming it unless `value` is a string. */
export function checkString(action: string, name: string, value: unknown): string {
  if (typeof value !== "string") {
    throw new TypeError(
      `Cannot ${action} as ${name} must be a string: received ${describeValue(value)}`,
    );
  }
  return value;
}

/** A record length limit: `Infinity` (the default, for `undefined`) or an integer >= 1. */
export function checkMaxLength(action: string, value: unknown): number {
  if (value === undefined || value === Infinity) return Infinity;
  return checkInteger(action, "maxLength", value, 1);
}

/**
 * Where a delimiter goes: `"discard"` (the default, for `undefined`), `"prefix"` or `"suffix"`;
 * anything else is a `TypeError` naming `disposition`.
 */
export function checkDisposition(
  action: string,
  value: unknown,
): "discard" | "prefix" | "suffix" {
  if (value === undefined) return "discard";
  if (value !== "discard" && value !== "prefix" && value !== "suffix") {
    throw new TypeError(
      `Cannot ${action} as disposition must be "discard", "prefix" or "suffix": received ${
        describeValue(value)
      }`,
    );
  }
  return value;
}

/**
 * A record delimiter: a byte value (0 to 255) or a non-empty byte sequence, returned as bytes of
 * our own (a sequence is copied, so the caller may reuse theirs).
 */
export function checkDelimiter(action: string, value: unknown): Uint8Array<ArrayBuffer> {
  if (typeof value === "number") {
    return new Uint8Array([checkInteger(action, "delimiter", value, 0, 255)]);
  }
  if (value instanceof Uint8Array) {
    if (value.byteLength === 0) {
      throw new RangeError(
        `Cannot ${action} as delimiter must not be empty: received Uint8Array(0)`,
      );
    }
    return value.slice();
  }
  throw new TypeError(
    `Cannot ${action} as delimiter must be a number or a Uint8Array: received ${
      describeValue(value)
    }`,
  );
}
