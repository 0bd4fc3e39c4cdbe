// Argument checks shared by every module. Messages name the argument and the value received, in
// the form `Cannot <action> as <argument> must be <rule>: received <value>`.

/** Shows a received value in an error message without throwing on odd inputs. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (value === null || typeof value !== "object") return String(value);
  if (ArrayBuffer.isView(value)) {
    return `${value.constructor.name}(${value.byteLength})`;
  }
  return Object.prototype.toString.call(value);
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

/** A record length limit: `Infinity` (the default, for `undefined`) or an integer >= 1. */
export function checkMaxLength(action: string, value: unknown): number {
  if (value === undefined || value === Infinity) return Infinity;
  return checkInteger(action, "maxLength", value, 1);
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
