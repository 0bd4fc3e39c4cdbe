// What mapFile does, for any runtime adapter: mapFile passes the one of this runtime, and tests
// pass others (the fallback adapter, or one that cannot map) to reach the read fallback anywhere.
import { checkFlag, checkInteger, checkOptions, describeValue } from "../_validate.ts";
import { FileError } from "../errors.ts";
import type { MapHandle, Mapping, RuntimeAdapter } from "../runtime/adapter.ts";
import { MappedBytes } from "./_mapped_file.ts";
import { toPath } from "./_path.ts";
import { WriteBackBytes } from "./_write_back_file.ts";
import type { MapOptions, MappedFile } from "./map_file.ts";

const action = "map file";
const advices = ["normal", "sequential", "random", "willneed"];

/** mapFile over `adapter`. */
export function mapWith(
  adapter: RuntimeAdapter,
  path: string | URL,
  options?: MapOptions,
): MappedFile {
  const filePath = toPath(action, path, adapter.os);
  const settings = checkSettings(options);
  const handle = adapter.openForMap(filePath, settings.writable);
  let file: MappedFile;
  try {
    file = handle.kind === "special"
      ? readSpecial(filePath, handle, settings)
      : mapRegular(adapter, filePath, handle, settings);
  } catch (error) {
    handle.close();
    throw error;
  }
  // Only bytes that will be written back need the descriptor after this.
  if (!(file instanceof WriteBackBytes)) handle.close();
  return file;
}

type Settings = Required<Omit<MapOptions, "length">> & { length: number | undefined };

function mapRegular(
  adapter: RuntimeAdapter,
  path: string,
  handle: MapHandle,
  settings: Settings,
): MappedFile {
  const { offset, length } = checkWindow(path, handle.size, settings);
  if (length === 0) return new MappedBytes(path, new Uint8Array(0));
  const unavailable = adapter.mapUnavailable();
  if (unavailable !== undefined) {
    if (settings.fallback === "error") {
      throw new FileError("map", path, "ENOTSUP", { reason: unavailable });
    }
    const bytes = handle.read(offset, length);
    if (!settings.writable) return new MappedBytes(path, bytes);
    // Fewer bytes than the size promised: a sysfs file (a mapping would fail with ENODEV), or a
    // file that shrank meanwhile. Writing them back would feed the kernel a setting, or regrow it.
    if (bytes.length < length) {
      throw new FileError("map", path, "ENODEV", {
        reason: `only ${bytes.length} of the ${length} bytes its size promises could be read ` +
          "(a sysfs file, or it shrank meanwhile), so the window cannot be written back",
      });
    }
    return new WriteBackBytes(path, handle, offset, bytes);
  }
  const alignedOffset = offset - (offset % adapter.pageSize);
  const delta = offset - alignedOffset;
  if (delta + length > adapter.maxMapLength) {
    throw new RangeError(
      `Cannot ${action} as length must be at most ${
        adapter.maxMapLength - delta
      } bytes in this runtime (map smaller windows with offset and length): received ${length} at offset ${offset} for ${
        JSON.stringify(path)
      }`,
    );
  }
  let mapping: Mapping;
  try {
    mapping = handle.map({
      offset: alignedOffset,
      length: delta + length,
      writable: settings.writable,
      populate: settings.populate,
      advice: settings.advice,
    });
  } catch (error) {
    // A regular file on a file system that cannot map (sysfs, some FUSE): read it instead.
    if (error instanceof FileError && error.code === "ENODEV" && settings.fallback === "read") {
      return readSpecial(path, handle, settings);
    }
    throw error;
  }
  const bytes = new Uint8Array(mapping.buffer, delta, length);
  return new MappedBytes(path, bytes, mapping, settings.writable);
}

function readSpecial(path: string, handle: MapHandle, settings: Settings): MappedFile {
  if (settings.fallback === "error" || settings.writable) {
    throw new FileError("map", path, "ENODEV", {
      reason: "it is not a regular file of known size (a /proc file): it can only be read",
    });
  }
  const all = handle.read(0, undefined);
  const { offset, length } = checkWindow(path, all.length, settings);
  const bytes = offset === 0 && length === all.length ? all : all.slice(offset, offset + length);
  return new MappedBytes(path, bytes);
}

function checkWindow(
  path: string,
  size: number,
  settings: Settings,
): { offset: number; length: number } {
  const { offset } = settings;
  if (offset > size) {
    throw new RangeError(
      `Cannot ${action} as offset must be at most the file size (${size} bytes) of ${
        JSON.stringify(path)
      }: received ${offset}`,
    );
  }
  const length = settings.length ?? size - offset;
  if (offset + length > size) {
    throw new RangeError(
      `Cannot ${action} as offset + length must be at most the file size (${size} bytes) of ${
        JSON.stringify(path)
      }: received offset ${offset} + length ${length}`,
    );
  }
  return { offset, length };
}

function checkSettings(given: MapOptions | undefined): Settings {
  const options = checkOptions(action, given) as MapOptions;
  const { advice = "normal", fallback = "read" } = options;
  if (!advices.includes(advice)) {
    throw new TypeError(
      `Cannot ${action} as advice must be "normal", "sequential", "random" or "willneed": received ${
        describeValue(advice)
      }`,
    );
  }
  if (fallback !== "read" && fallback !== "error") {
    throw new TypeError(
      `Cannot ${action} as fallback must be "read" or "error": received ${describeValue(fallback)}`,
    );
  }
  return {
    offset: options.offset === undefined ? 0 : checkInteger(action, "offset", options.offset),
    length: options.length === undefined
      ? undefined
      : checkInteger(action, "length", options.length),
    advice,
    fallback,
    writable: checkFlag(action, "writable", options.writable, false),
    populate: checkFlag(action, "populate", options.populate, false),
  };
}
